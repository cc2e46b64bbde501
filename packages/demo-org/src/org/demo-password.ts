/** The password of every demo user (alice, bob, carol, admin). Demo data only. */
export const DEMO_PASSWORD = 'demo';
