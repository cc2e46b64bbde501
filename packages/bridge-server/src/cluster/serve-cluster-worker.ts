import cluster from 'node:cluster';
import { isClusterMessage } from './cluster-message';

/**
 * In a cluster worker: tells the primary where `bridge` answers, then resolves with the reason to stop
 * (the primary's `stop`, or SIGTERM / SIGINT sent to the worker itself, or the primary gone). The caller
 * closes the bridge and exits.
 */
export function serveClusterWorker(bridge: { readonly url: string; readonly graphiql: boolean }): Promise<string> {
  if (!cluster.isWorker || !process.send) throw new Error('serveClusterWorker runs in a cluster worker only');
  process.send({ fieldsync: 'listening', url: bridge.url, graphiql: bridge.graphiql });
  return new Promise((resolve) => {
    const done = (reason: string) => {
      process.off('message', onMessage);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('disconnect', onDisconnect);
      resolve(reason);
    };
    const onMessage = (message: unknown) => {
      if (isClusterMessage(message) && message.fieldsync === 'stop') done('stop');
    };
    const onSignal = (signal: string) => done(signal);
    const onDisconnect = () => done('primary gone');
    process.on('message', onMessage);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('disconnect', onDisconnect);
  });
}
