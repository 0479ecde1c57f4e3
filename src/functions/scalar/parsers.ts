// Text formats into dynamic values: parse_xml (parse-xml-function.md) and parse_user_agent
// (parse-user-agent-function.md). The parsers live in values/xml.ts and values/user-agent.ts.
import type { Scalar } from '../../types.js';
import { parseXml } from '../../values/xml.js';
import { parseUserAgent, userAgentTargets } from '../../values/user-agent.js';
import { defineScalar, p, STRING, type ScalarFunctionDef } from '../define.js';

const parseXmlFn = defineScalar({
  name: 'parse_xml',
  signatures: [{ params: [p('xml', STRING)], returns: 'dynamic' }],
  doc: 'Interprets XML text as a dynamic value (elements as members, attributes as "@name", text as "#text"); null when the XML is not well-formed.',
  example: `print d = parse_xml('<e name="value">text</e>')`,
  implement: () => (text) => parseXml(text as string) as Scalar,
});

const parseUserAgentFn = defineScalar({
  name: 'parse_user_agent',
  signatures: [{ params: [p('user_agent', STRING), p('look_for', ['string', 'dynamic'])], returns: 'dynamic' }],
  doc: 'The browser, operating system and/or device of a user-agent string (look_for: "browser", "os", "device" or an array of them), by the uap-core patterns; null for an unknown look_for.',
  example: `print x = parse_user_agent("Mozilla/5.0 (Windows; U; en-US) AppleWebKit/531.9 (KHTML, like Gecko) AdobeAIR/2.5.1", "browser")`,
  implement: (args) => {
    const constant = args[1]!.constant;
    const fixed = constant ? userAgentTargets(constant.value) : undefined;
    return (ua, lookFor) => {
      const targets = fixed !== undefined ? fixed : userAgentTargets(lookFor);
      return targets ? (parseUserAgent(ua as string, targets) as Scalar) : null;
    };
  },
});

export const parserFunctions: ScalarFunctionDef[] = [parseXmlFn, parseUserAgentFn];
