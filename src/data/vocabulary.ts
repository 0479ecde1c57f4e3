// Word lists the demo-data generator draws from: people, places, files, clients and DLP policies.

export const FIRST_NAMES: readonly string[] = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth',
  'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen',
  'Daniel', 'Lisa', 'Matthew', 'Nancy', 'Anthony', 'Sandra', 'Mark', 'Ashley', 'Steven', 'Emily',
  'Andrew', 'Michelle', 'Joshua', 'Amanda', 'Kevin', 'Melissa', 'Brian', 'Rebecca', 'George', 'Laura',
  'Priya', 'Rahul', 'Ananya', 'Wei', 'Mei', 'Hiroshi', 'Yuki', 'Lukas', 'Anna', 'Sophie',
  'Oliver', 'Amelia', 'Harry', 'Isla', 'Mohammed', 'Fatima', 'Carlos', 'Lucia', 'Pierre', 'Camille',
  'Ingrid', 'Lars', 'Aisha', 'Omar', 'Chloe', 'Noah', 'Grace', 'Ethan', 'Zoe', 'Mateo',
];

export const LAST_NAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Patel', 'Sharma', 'Kumar', 'Chen', 'Wang', 'Tanaka', 'Sato', 'Müller', 'Schmidt', 'Schneider',
  'Dubois', 'Laurent', 'Rossi', 'Bianchi', 'Hansen', 'Johansson', 'O\'Brien', 'Murphy', 'Kowalski', 'Novak',
];

/** Service accounts: display name and the mail nickname their UPN is built from. */
export const SERVICE_ACCOUNTS: readonly (readonly [string, string])[] = [
  ['svc-backup', 'svc-backup'], ['svc-sharepoint-sync', 'svc-spsync'], ['svc-powerautomate', 'svc-flow'],
  ['svc-scanner', 'svc-scanner'], ['svc-hr-integration', 'svc-hrint'], ['svc-payroll-export', 'svc-payroll'],
  ['svc-crm-connector', 'svc-crm'], ['svc-archive', 'svc-archive'], ['svc-teams-bot', 'svc-teamsbot'],
  ['svc-reporting', 'svc-reporting'], ['svc-migration', 'svc-migration'], ['svc-ediscovery', 'svc-ediscovery'],
];

/** Country code, weight, cities, ISPs. */
export const COUNTRIES: readonly (readonly [string, number, readonly string[], readonly string[]])[] = [
  ['US', 55, ['Seattle', 'Redmond', 'New York', 'Chicago', 'Austin', 'Atlanta', 'Denver', 'San Francisco', 'Boston'],
    ['Comcast Cable', 'Verizon Business', 'AT&T Services', 'Charter Communications', 'T-Mobile USA']],
  ['GB', 14, ['London', 'Manchester', 'Edinburgh', 'Reading', 'Bristol'], ['British Telecommunications', 'Virgin Media', 'Sky Broadband']],
  ['DE', 9, ['Berlin', 'Munich', 'Frankfurt am Main', 'Hamburg'], ['Deutsche Telekom AG', 'Vodafone GmbH', 'Telefonica Germany']],
  ['IN', 8, ['Bengaluru', 'Hyderabad', 'Pune', 'Mumbai'], ['Bharti Airtel', 'Reliance Jio Infocomm', 'Tata Communications']],
  ['FR', 4, ['Paris', 'Lyon', 'Toulouse'], ['Orange S.A.', 'Free SAS', 'SFR']],
  ['NL', 3, ['Amsterdam', 'Rotterdam', 'Utrecht'], ['KPN B.V.', 'Ziggo B.V.']],
  ['CA', 3, ['Toronto', 'Vancouver', 'Montreal'], ['Rogers Communications', 'Bell Canada']],
  ['AU', 2, ['Sydney', 'Melbourne'], ['Telstra Corporation', 'TPG Telecom']],
  ['JP', 2, ['Tokyo', 'Osaka'], ['NTT Communications', 'KDDI Corporation']],
];

/** Where unusual sign-ins come from: country, city, ISP, and whether the address is a known anonymous proxy. */
export const UNUSUAL_LOCATIONS: readonly (readonly [string, string, string, boolean])[] = [
  ['RU', 'Moscow', 'PJSC Rostelecom', false], ['NG', 'Lagos', 'MTN Nigeria', false],
  ['BR', 'Sao Paulo', 'Claro S.A.', false], ['CN', 'Shenzhen', 'China Telecom', false],
  ['RO', 'Bucharest', 'M247 Europe SRL', true], ['NL', 'Amsterdam', 'Tor exit node', true],
  ['SE', 'Stockholm', 'Mullvad VPN AB', true], ['US', 'Ashburn', 'DigitalOcean LLC', true],
];

export const DEPARTMENTS: readonly string[] = [
  'Finance', 'HR', 'Legal', 'Marketing', 'Engineering', 'Sales', 'ExecutiveTeam', 'IT', 'Operations', 'Procurement',
];

/** File names people work on; payroll and HR files are the ones DLP policies fire on. */
export const FILE_NAMES: readonly string[] = [
  'Q3 Board Deck.pptx', 'Budget FY26.xlsx', 'Project Phoenix Roadmap.docx', 'Onboarding checklist.docx',
  'Customer List.csv', 'Contract - Fabrikam.docx', 'Sales Forecast 2026.xlsx', 'Team Offsite Agenda.docx',
  'Architecture Overview.vsdx', 'Release Notes 4.2.docx', 'Marketing Plan H1.pptx', 'Vendor Assessment.xlsx',
  'Meeting Notes.docx', 'Invoice 10482.pdf', 'Travel Policy.pdf', 'Brand Guidelines.pdf', 'Expense Report March.xlsx',
  'Incident Postmortem.docx', 'Pricing Model.xlsx', 'Interview Feedback.docx', 'NDA - Northwind Traders.pdf',
  'Org Chart.pptx', 'Sprint Retro.docx', 'KPI Dashboard.xlsx', 'Security Awareness Training.pptx', 'Benefits Guide 2026.pdf',
  'Partner Agreement - Contoso Pharma.docx', 'Quarterly Results Draft.docx', 'Capacity Plan.xlsx', 'logo.png',
  'Site Photos.zip', 'Data Export 2025-12.csv', 'API Keys (old).txt', 'Customer Complaints Log.xlsx',
];

/** Sensitive files: roughly one file event in thirty touches one of these, and most DLP alerts are about them. */
export const SENSITIVE_FILE_NAMES: readonly string[] = [
  'Payroll.xlsx', 'Payroll 2025 Q4.xlsx', 'Payroll_Summary_Dec.xlsx', 'payroll-export-2026-01.csv', 'Employee Salaries.xlsx',
  'Employee SSN List.xlsx', 'Customer Credit Cards.csv', 'Bonus Plan 2026 - CONFIDENTIAL.xlsx', 'Patient Records Export.csv',
  'Bank Account Details.docx', 'Payroll Adjustments.xlsx', 'Passport Scans.zip',
];

/** Ordinary files DLP policies also match (customer data, contracts, exports). */
export const DLP_FILE_NAMES: readonly string[] = [
  'Customer List.csv', 'Contract - Fabrikam.docx', 'Data Export 2025-12.csv', 'Customer Complaints Log.xlsx',
  'Expense Report March.xlsx', 'Invoice 10482.pdf', 'NDA - Northwind Traders.pdf', 'API Keys (old).txt', 'Pricing Model.xlsx',
  'Partner Agreement - Contoso Pharma.docx',
];

export const EMAIL_SUBJECTS: readonly string[] = [
  'Re: Q3 numbers', 'Updated contract attached', 'Lunch on Friday?', 'Action required: expense approval',
  'FW: Payroll file for review', 'Meeting notes', 'Invoice overdue', 'Re: Re: project timeline', 'Customer escalation',
  'Your password expires soon', 'Weekly status', 'Offer letter - draft', 'FW: bank details change', 'Slides for tomorrow',
];

export const TEAM_NAMES: readonly string[] = [
  'Finance Team', 'HR Operations', 'Project Phoenix', 'Sales EMEA', 'Engineering All Hands', 'IT Helpdesk',
  'Marketing Campaigns', 'Leadership', 'Legal Review', 'Customer Success',
];

export const INBOX_RULE_NAMES: readonly string[] = [
  'Move newsletters', '.', 'Invoices', 'Archive', 'rss', 'Delete from boss', 'Forward to personal', 'Auto',
];

/** OS platform, device type, user agent. */
export const CLIENTS: readonly (readonly [string, string, string, number])[] = [
  ['Windows 11', 'Desktop', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0', 40],
  ['Windows 10', 'Desktop', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36', 25],
  ['macOS', 'Desktop', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15', 15],
  ['iOS', 'Mobile', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148', 10],
  ['Android', 'Mobile', 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36', 10],
];

export const OFFICE_CLIENT_UA = 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Excel 16.0.18129; Pro)';
export const SYNC_CLIENT_UA = 'Microsoft SkyDriveSync 24.201.1006.0005 ship; Windows NT 10.0 (19045)';

/** Sensitive information types seen in published DLP audit records (GUID, display name). */
export const SENSITIVE_TYPES: readonly (readonly [string, string])[] = [
  ['cb353f78-2b72-4c3c-8827-92ebe4f69fdf', 'ABA Routing Number'],
  ['50842eb7-edc8-4019-85dd-5a5c1f2bb085', 'Credit Card Number'],
  ['a44669fe-0d48-453d-a9b1-2cc83f2cba77', 'U.S. Social Security Number (SSN)'],
  ['a2ce32a8-f935-4bb6-8e96-2a5157672e2c', 'U.S. Bank Account Number'],
  ['419f449f-6d9d-4be1-a154-b531f7a91b41', 'International Banking Account Number (IBAN)'],
  ['b8fe86d1-c056-453b-bfaa-9fe698699ecc', 'U.K. National Insurance Number (NINO)'],
];

/** DLP policy names and the rule names inside them. */
export const DLP_POLICIES: readonly (readonly [string, readonly string[]])[] = [
  ['U.S. Financial Data', ['Low volume of content detected U.S. Financial', 'High volume of content detected U.S. Financial']],
  ['U.S. Personally Identifiable Information (PII) Data', ['Low volume of content detected U.S. PII', 'High volume of content detected U.S. PII']],
  ['General Data Protection Regulation (GDPR)', ['Low volume of EU Sensitive content found', 'High volume of EU Sensitive content found']],
  ['PCI Data Security Standard (PCI DSS)', ['Low volume of content detected PCI DSS', 'High volume of content detected PCI DSS']],
  ['Payroll Data Protection', ['Payroll files shared externally', 'Payroll files downloaded in bulk']],
  ['U.K. Financial Data', ['Low volume of content detected U.K. Financial', 'High volume of content detected U.K. Financial']],
  ['HIPAA', ['Protected health information shared']],
  ['Confidential Label Protection', ['Confidential content leaving the organization']],
];
