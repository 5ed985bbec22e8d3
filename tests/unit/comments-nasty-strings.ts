/**
 * Hostile and unusual input for the comments API, shared by the API test and
 * the browser test (which checks none of it runs when rendered).
 */
export const NASTY_STRINGS: readonly string[] = [
  // control characters (C0, DEL, C1), NUL, form feed, vertical tab, escape sequences
  "a\u0000b\u0001c\u0007d\u0008e\u001Bf\u007Fg\u0085h\u009Fi",
  "line one\r\nline two\rline three\u2028line four\u2029end",
  "tabs\tand\u000Bvertical\u000Cfeeds",
  "\u001B[31mred terminal text\u001B[0m",
  // bidi overrides and isolates (“trojan source”), marks
  "\u202Egnp.exe\u202C harmless.txt",
  "\u2066isolated\u2069 \u2067rtl\u2069 \u2068first\u2069 \u200Fmark\u200E",
  "مرحبا بالعالم hello עולם",
  // zero-width and invisible characters
  "zero\u200Bwidth\u200Cnon\u200Djoiner\uFEFFbom\u2060word-joiner",
  "\u200B\u200B\u200B",
  "\u00AD\u034F\u115F\u3164",
  // combining characters: decomposed forms, Zalgo, Hangul jamo
  "e\u0301 vs \u00E9, A\u030A vs \u00C5",
  "Z\u0351\u0355\u0301\u0308\u0303a\u0356\u0327\u036Fl\u0330\u0307\u0337g\u034E\u0350o\u0317\u0311",
  "\u1100\u1161\u11A8 한국어",
  "e\u0000\u0301 control between base and mark",
  // emoji and 4-byte characters
  "👍🏽👨‍👩‍👧‍👦🏳️‍🌈🇨🇳 emoji sequences",
  "𠀋𡈽𤭢 rare Han (4-byte) 𝕏𝔂𝔃 math letters",
  "\uD83D\uDE00 a well-formed pair written as escapes",
  // invalid UTF-16: lone surrogates
  "lone high \uD800 surrogate",
  "lone low \uDC00 surrogate",
  "reversed \uDE00\uD83D pair",
  // very long strings
  "长".repeat(1000),
  "长".repeat(1001),
  "x".repeat(5000),
  "w".repeat(999) + "\n",
  "\n".repeat(50) + "between many blank lines" + "\n".repeat(50),
  // HTML and script payloads
  "<script>window.__pwned = 'script'</script>",
  "<img src=x onerror=\"window.__pwned='img'\">",
  "<svg onload=\"window.__pwned='svg'\"></svg>",
  "<a href=\"javascript:window.__pwned='link'\">click me</a>",
  "javascript:window.__pwned='bare'",
  "https://evil.example/phish?x=<b>bold</b>",
  "\"><script>window.__pwned='attr'</script>",
  "</textarea><script>window.__pwned='textarea'</script>",
  "{{constructor.constructor('window.__pwned=1')()}} ${7*7} <%= 7*7 %>",
  "&lt;b&gt;entities&lt;/b&gt; &amp; &#x3C;script&#x3E;",
  "<style>body{display:none}</style><iframe src=\"//evil.example\"></iframe>",
  // SQL fragments
  "'; DROP TABLE comments; --",
  "1' OR '1'='1",
  "\" OR \"\"=\"",
  "Robert'); DELETE FROM comment_likes WHERE ('1'='1",
  "%' UNION SELECT value FROM secrets --",
  // JSON and prototype tricks in text
  "{\"__proto__\": {\"polluted\": true}}",
  "null",
  "undefined",
  // only spaces of every kind
  " \u00A0\u2003\u3000\t\n ",
];
