// Structure the accessibility tree cannot say: Chromium's tagged PDF has no Note type, so the
// paginator labels each footnote as a figure whose name carries this mark and the note's id, and
// print/tags.ts turns every such Figure into a Note with that /ID. Shared by both sides.

export const NOTE_MARK = 'briefkit:note ';

/** The aria-label that makes a note's element a Note with /ID `id` in the PDF. */
export const noteLabel = (id: string): string => NOTE_MARK + id;

/** The note id a Figure's /Alt carries, or null when it is a real figure. */
export const noteIdOf = (alt: string): string | null => (alt.startsWith(NOTE_MARK) ? alt.slice(NOTE_MARK.length) : null);
