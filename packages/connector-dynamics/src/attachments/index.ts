export * from './base64-stream';
