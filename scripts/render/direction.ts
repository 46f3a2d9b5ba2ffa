// Which way a language's text runs, from the script its tag names or implies (ar → Arab, he → Hebr).

/** ISO 15924 scripts written right to left that a language tag can resolve to. */
const RIGHT_TO_LEFT = new Set(['Adlm', 'Arab', 'Hebr', 'Mand', 'Nkoo', 'Rohg', 'Samr', 'Syrc', 'Thaa', 'Yezi']);

/** 'rtl' for a language written right to left (Arabic, Hebrew, Persian, Urdu…), else 'ltr'. */
export function textDirection(language: string): 'rtl' | 'ltr' {
  let script: string | undefined;
  try {
    script = new Intl.Locale(language).maximize().script;
  } catch {
    return 'ltr'; // not a tag Intl knows: the config stage reports it; lay it out left to right meanwhile
  }
  return script !== undefined && RIGHT_TO_LEFT.has(script) ? 'rtl' : 'ltr';
}
