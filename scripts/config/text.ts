// Source files must be UTF-8; a BOM is tolerated and dropped, CRLF is left to the parsers.
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The file's text, or null when it is not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    const text = decoder.decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return null;
  }
}
