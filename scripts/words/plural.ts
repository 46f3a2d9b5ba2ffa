// {{plural n one="# station" other="# stations"}} and {{select v a="…" other="…"}} in prose and
// templates: the form is chosen by Intl.PluralRules of the brief's language (Russian one/few/many,
// Arabic zero/one/two/few/many/other), `#` shows the number as the language writes it.

/** The plural categories CLDR knows, in the order messages list them. */
export const PLURAL_FORMS = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;

const rules = new Map<string, Intl.PluralRules>();

function pluralRules(language: string): Intl.PluralRules {
  let r = rules.get(language);
  if (!r) rules.set(language, (r = new Intl.PluralRules(language)));
  return r;
}

/** The categories `language` distinguishes, in PLURAL_FORMS order ("one, few, many, other" for ru). */
export function pluralCategories(language: string): string[] {
  const used = pluralRules(language).resolvedOptions().pluralCategories as string[];
  return PLURAL_FORMS.filter((f) => used.includes(f));
}

/**
 * The form of `forms` for `n` (its category's, else `other`), with each `#` replaced by `shown`
 * (the number as formatted for the language). `forms.other` must be there: callers check it first.
 */
export function pluralText(language: string, n: number, shown: string, forms: Partial<Record<string, string>>): string {
  const form = forms[pluralRules(language).select(n)] ?? forms.other ?? '';
  return form.replace(/#/g, shown);
}

/** The option named by `value`, else `other`. */
export function selectText(value: string, options: Partial<Record<string, string>>): string {
  return (Object.hasOwn(options, value) ? options[value] : options.other) ?? '';
}
