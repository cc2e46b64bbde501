export { selfSignedCertificate, type LoopbackCertificate, type SelfSignedCertificateOptions } from './self-signed-certificate';
