/** First names the demo org's contacts are given. */
export const FIRST_NAMES: readonly string[] = [
  'Anna',
  'Ben',
  'Clara',
  'David',
  'Elena',
  'Felix',
  'Grace',
  'Hugo',
  'Ines',
  'Jonas',
  'Karin',
  'Lukas',
  'Maria',
  'Noah',
  'Olivia',
  'Paul',
  'Quinn',
  'Rosa',
  'Sam',
  'Tara',
  'Uma',
  'Victor',
  'Wendy',
  'Xavier',
  'Yara',
  'Zoe',
  'Marek',
  'Petra',
  'Tomas',
  'Eva',
  'Jan',
  'Lucia',
  'Martin',
  'Zuzana',
  'Peter',
  'Jana',
];

/** Last names the demo org's contacts are given. */
export const LAST_NAMES: readonly string[] = [
  'Novak',
  'Smith',
  'Müller',
  'Rossi',
  'Dubois',
  'Kowalski',
  'Horvath',
  'Jensen',
  'Silva',
  'Garcia',
  'Brown',
  'Wilson',
  'Taylor',
  'Schmidt',
  'Fischer',
  'Weber',
  'Martin',
  'Bernard',
  'Moreau',
  'Lefebvre',
  'Kovac',
  'Varga',
  'Nagy',
  'Svoboda',
  'Dvorak',
  'Cerny',
  'Andersen',
  'Nielsen',
  'Berg',
  'Lind',
];

/** First words of generated company names. */
export const COMPANY_STEMS: readonly string[] = [
  'Alpine',
  'Blue',
  'Cedar',
  'Delta',
  'Evergreen',
  'Falcon',
  'Granite',
  'Harbor',
  'Iron',
  'Juniper',
  'Keystone',
  'Lakeside',
  'Maple',
  'Northwind',
  'Orion',
  'Pioneer',
  'Quantum',
  'Redwood',
  'Summit',
  'Tidewater',
  'Union',
  'Vertex',
  'Willow',
  'Zenith',
  'Atlas',
  'Beacon',
  'Crescent',
  'Danube',
  'Ember',
];

/** Second words of generated company names. */
export const COMPANY_KINDS: readonly string[] = [
  'Logistics',
  'Pharma',
  'Foods',
  'Systems',
  'Energy',
  'Motors',
  'Textiles',
  'Clinics',
  'Builders',
  'Analytics',
  'Retail',
  'Farms',
  'Media',
  'Labs',
  'Electric',
  'Hotels',
  'Consulting',
  'Machines',
];

/** Legal suffixes of generated company names. */
export const COMPANY_SUFFIXES: readonly string[] = ['Ltd', 'Inc', 'GmbH', 's.r.o.', 'SA', 'AG', 'LLC', 'plc'];

/** City and country pairs of generated addresses. */
export const CITIES: readonly (readonly [string, string])[] = [
  ['Bratislava', 'Slovakia'],
  ['Vienna', 'Austria'],
  ['Prague', 'Czechia'],
  ['Budapest', 'Hungary'],
  ['Berlin', 'Germany'],
  ['Munich', 'Germany'],
  ['Paris', 'France'],
  ['Lyon', 'France'],
  ['Milan', 'Italy'],
  ['Madrid', 'Spain'],
  ['Lisbon', 'Portugal'],
  ['Warsaw', 'Poland'],
  ['Copenhagen', 'Denmark'],
  ['Stockholm', 'Sweden'],
  ['London', 'United Kingdom'],
  ['Dublin', 'Ireland'],
  ['New York', 'United States'],
  ['Chicago', 'United States'],
  ['Toronto', 'Canada'],
  ['Sydney', 'Australia'],
];

/** Job titles of generated contacts. */
export const JOB_TITLES: readonly string[] = [
  'CEO',
  'CFO',
  'Purchasing Manager',
  'Head of IT',
  'Sales Director',
  'Office Manager',
  'Engineer',
  'Pharmacist',
  'Operations Lead',
  'Buyer',
  'Project Manager',
  'Account Executive',
  'Doctor',
];

/** Products quoted on quote details. */
export const PRODUCTS: readonly (readonly [string, number])[] = [
  ['Field service visit', 180],
  ['Annual support plan', 2400],
  ['Tablet license', 45],
  ['Sync server license', 900],
  ['Onboarding workshop', 1500],
  ['Barcode scanner', 320],
  ['Training day', 1100],
  ['Data migration', 3200],
  ['Premium SLA', 600],
  ['Custom report', 750],
];

/** Opportunity sales stages. */
export const SALES_STAGES: readonly string[] = ['1-Qualify', '2-Develop', '3-Propose', '4-Close'];

/** Subjects of generated tasks, appointments and e-mails. */
export const ACTIVITY_SUBJECTS: readonly string[] = [
  'Follow up on proposal',
  'Quarterly review',
  'Product demo',
  'Contract renewal',
  'Price negotiation',
  'Site visit',
  'Send brochure',
  'Collect feedback',
  'Introduce new contact',
  'Discuss invoice',
  'Plan rollout',
  'Check stock levels',
  'Training session',
  'Call back about delivery',
];

/** Subjects of generated notes. */
export const NOTE_SUBJECTS: readonly string[] = [
  'Meeting notes',
  'Price list',
  'Signed order',
  'Site photo',
  'Requirements',
  'Call summary',
  'Visit report',
  'Competitor info',
  'Delivery address',
  'Org chart',
];

/** Places of generated appointments. */
export const LOCATIONS: readonly string[] = ['Customer office', 'Our office', 'Online (Teams)', 'Warehouse', 'Trade fair', 'Café'];
