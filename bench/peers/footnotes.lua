-- pandoc Lua filter for the benchmark: each footnote becomes an inline span that WeasyPrint floats
-- to the foot of its page (CSS `float: footnote`), instead of pandoc's endnotes section.
function Note(el)
  return pandoc.Span(pandoc.utils.blocks_to_inlines(el.content), { class = 'footnote' })
end
