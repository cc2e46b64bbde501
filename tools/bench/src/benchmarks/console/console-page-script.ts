/**
 * Installed in the console's page (as source text, so that no bundler helper leaks into it):
 * `window.__fleetBench.time(action, expectedIds)` runs one action (a click on the "Fleet" link, a
 * search typed, a state chosen) and answers the milliseconds of the page's clock
 * (`performance.now()`) from just before the action to the first animation frame after the fleet
 * table holds exactly the expected rows, the frame that paints them. `watch(deviceId, badge)` calls
 * the exposed `__fleetBenchChanged(deviceId, Date.now())` once the device's "Last sync" badge reads
 * `badge` (a MutationObserver on the whole document).
 */
export const CONSOLE_PAGE_SCRIPT = `
(() => {
  const rowIds = () => [...document.querySelectorAll('table.fleet tbody tr[data-device-id]')].map((row) => row.getAttribute('data-device-id'));
  const holds = (expected) => {
    const ids = rowIds();
    return ids.length === expected.length && expected.every((id) => ids.includes(id));
  };
  const setValue = (element, prototype, value, event) => {
    Object.getOwnPropertyDescriptor(prototype, 'value').set.call(element, value);
    element.dispatchEvent(new Event(event, { bubbles: true }));
  };
  const act = (action) => {
    if (action.kind === 'fleet-link') {
      const link = [...document.querySelectorAll('nav a')].find((a) => a.textContent === 'Fleet');
      if (!link) throw new Error('no Fleet link in the navigation');
      link.click();
    } else if (action.kind === 'search') {
      setValue(document.querySelector('.filters input[type=search]'), HTMLInputElement.prototype, action.value, 'input');
    } else if (action.kind === 'state') {
      const select = [...document.querySelectorAll('.filters select')].find((s) => [...s.options].some((o) => o.value === 'locked'));
      setValue(select, HTMLSelectElement.prototype, action.value, 'change');
    } else throw new Error('unknown action ' + action.kind);
  };
  let watched;
  const badgeOf = (deviceId) => {
    const cell = document.querySelector('table.fleet tr[data-device-id="' + deviceId + '"] td:nth-child(6) .badge');
    return cell ? cell.textContent : undefined;
  };
  new MutationObserver(() => {
    if (watched && badgeOf(watched.deviceId) === watched.badge) {
      const { deviceId } = watched;
      watched = undefined;
      window.__fleetBenchChanged(deviceId, Date.now());
    }
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  window.__fleetBench = {
    badgeOf,
    watch(deviceId, badge) {
      if (badgeOf(deviceId) === badge) throw new Error('the badge of ' + deviceId + ' already reads ' + badge);
      watched = { deviceId, badge };
    },
    time(action, expected) {
      return new Promise((resolve, reject) => {
        const guard = setTimeout(() => {
          observer.disconnect();
          reject(new Error('the fleet table never showed the expected ' + expected.length + ' rows after ' + JSON.stringify(action) + '; it shows ' + rowIds().length));
        }, 60000);
        let done = false;
        const check = () => {
          if (done || !holds(expected)) return;
          done = true;
          observer.disconnect();
          requestAnimationFrame(() => {
            clearTimeout(guard);
            resolve(performance.now() - started);
          });
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        const started = performance.now();
        act(action);
        check();
      });
    },
  };
})();
`;

/** An action {@link CONSOLE_PAGE_SCRIPT} times. */
export type ConsoleAction =
  | { readonly kind: 'fleet-link' }
  | { readonly kind: 'search'; readonly value: string }
  | { readonly kind: 'state'; readonly value: '' | 'active' | 'locked' | 'wiped' };
