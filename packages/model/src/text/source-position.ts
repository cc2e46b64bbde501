/** A 1-based line and column in a source text (XML, JSON) where an error is reported. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/**
 * Maps offsets in `text` to 1-based lines and columns (`\n`, `\r\n` and a lone `\r` end a line), by a
 * binary search over the line starts found once.
 */
export function sourcePositionFinder(text: string): (offset: number) => SourcePosition {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low] + 1 };
  };
}

/**
 * Where the attribute `name` begins in `tag`, the text of a start tag from its `<` up to the parser's
 * position: the offset of the name in the last ` name =` of the tag, or 0 when it is not found.
 */
export function attributeNameOffset(tag: string, name: string): number {
  const pattern = new RegExp(`\\s(${name.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')})\\s*=`, 'g');
  let offset = 0;
  for (let match = pattern.exec(tag); match; match = pattern.exec(tag)) offset = match.index + 1;
  return offset;
}
