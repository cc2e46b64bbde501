import { yieldToEventLoop } from './yield-to-event-loop';

describe('yieldToEventLoop', () => {
  it('lets a task queued before it run first, with setImmediate', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('queued task'));
    await yieldToEventLoop();
    order.push('after the yield');
    expect(order).toEqual(['queued task', 'after the yield']);
  });

  it('yields through a MessageChannel task on a host without setImmediate (a browser)', async () => {
    const saved = globalThis.setImmediate;
    const order: string[] = [];
    try {
      // A message posted before the yield's own arrives first: the yield waits for a later task.
      const earlier = new MessageChannel();
      earlier.port1.onmessage = () => {
        order.push('queued task');
        earlier.port1.close();
      };
      earlier.port2.postMessage(undefined);
      (globalThis as { setImmediate?: unknown }).setImmediate = undefined;
      await yieldToEventLoop();
      order.push('after the yield');
    } finally {
      globalThis.setImmediate = saved;
    }
    expect(order).toEqual(['queued task', 'after the yield']);
  });
});
