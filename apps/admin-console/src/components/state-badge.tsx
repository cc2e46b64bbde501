/** A device state (or a command status) as a coloured badge. */
export function StateBadge({ value }: { readonly value: string }) {
  return <span className={`badge badge-${value}`}>{value}</span>;
}
