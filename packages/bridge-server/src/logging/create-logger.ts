import pino, { type Logger, type LevelWithSilent } from 'pino';

/** The bridge's structured logger: JSON lines on stdout (pipe through pino-pretty to read them). */
export function createBridgeLogger(level: LevelWithSilent = 'info', destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'fieldsync-bridge' },
      redact: { paths: ['password', 'input.password', 'accessToken', 'refreshToken', 'authorization', '*.authorization'], censor: '[redacted]' },
    },
    destination ?? process.stdout,
  );
}

export type { Logger, LevelWithSilent };
