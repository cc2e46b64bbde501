/** Whether the view hears the bridge's fleet events: "Live", or "Not live" while it reconnects. */
export function LiveBadge({ live }: { readonly live: boolean }) {
  return (
    <span
      className={live ? 'live live-on' : 'live live-off'}
      role="status"
      aria-live="polite"
      title={live ? 'Updates as devices sync and carry out commands' : 'Reconnecting to the bridge; use Refresh meanwhile'}
    >
      {live ? 'Live' : 'Not live'}
    </span>
  );
}
