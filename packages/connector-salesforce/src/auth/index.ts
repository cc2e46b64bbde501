export * from './sign-jwt-assertion';
export * from './token-response';
