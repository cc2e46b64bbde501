import { describeAge } from './describe-age';

/** A time's age, coloured by {@link describeAge}, with the exact time as its tooltip. */
export function Age({ iso, now }: { readonly iso: string | null | undefined; readonly now: number }) {
  const age = describeAge(iso, now);
  return (
    <time className={age.className} dateTime={iso ?? undefined} title={iso ?? 'never'}>
      {age.text}
    </time>
  );
}
