import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { fetch, type Dispatcher } from 'undici';

/**
 * The last middleware of the Graph client's chain: sends the request with undici's `fetch` through the
 * connector's dispatcher (which trusts its CA), in place of the global fetch the default chain uses.
 */
export class UndiciFetchHandler implements Middleware {
  constructor(private readonly dispatcher: Dispatcher) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const options = (context.options ?? {}) as Record<string, unknown>;
    const response = await fetch(url, { ...options, dispatcher: this.dispatcher } as Parameters<typeof fetch>[1]);
    context.response = response as unknown as Response;
  }
}
