import { describe, expect, it } from 'vitest';
import { redact, redactUrl } from './redact.js';

describe('redactUrl', () => {
  it.each([
    ['https://x-access-token:ghp_abc@github.com/a/b.git', 'https://***@github.com/a/b.git'],
    ['https://u:tok@en@host/a', 'https://***@host/a'],
    ['https://u:tok@en@host', 'https://***@host'],
    ['https://tok@host?x', 'https://***@host?***'],
    ['HTTPS://U:P@HOST/A', 'HTTPS://***@HOST/A'],
    ['git+https://u:p@host/a', 'git+https://***@host/a'],
    ['ssh://git@github.com/a/b', 'ssh://***@github.com/a/b'],
    ['https://host/a?access_token=ghp_abc', 'https://host/a?access_token=***'],
    ['https://host/a?ref=main&token=abc&empty=', 'https://host/a?ref=***&token=***&empty='],
    ['https://host/a?ghp_bare', 'https://host/a?***'],
    ['https://host/a?x=1;token=abc', 'https://host/a?x=***'],
    ['https://host/cb#access_token=abc&state=1', 'https://host/cb#access_token=***&state=***'],
    ['https://host/a#readme', 'https://host/a#readme'],
    ['https://host/a#frag?token=abc', 'https://host/a#frag?token=***'],
    ['https://host:8443/a', 'https://host:8443/a'],
    ['https://[::1]:8443/a', 'https://[::1]:8443/a'],
    ['https://u:pa/ss@host/a', 'https://***@host/a'],
    ['https://u:secret/a', 'https://u:***/a'],
    ['https://host/p@th/x', 'https://host/p@th/x'],
    ['https:\\\\u:p@host\\a', 'https:\\\\***@host\\a'],
    ['https:u:p@host/a', 'https:***@host/a'],
    ['git@github.com:a/b.git', '***@github.com:a/b.git'],
    ['u:p@host:a/b', '***@host:a/b'],
    ['github.com:a/b', 'github.com:a/b'],
    ['localhost:5000/app', 'localhost:5000/app'],
    ['/local/path', '/local/path'],
    ['', ''],
  ])('%s → %s', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });

  it('leaves nothing a WHATWG parser would read as a credential or a parameter value', () => {
    const hostile = [
      'https://u:p@h@h2@host/a?t=1',
      'https:/u:p@host/a',
      'https:///u:p@host/a',
      'https://u:p%40x@host/a',
      'https://:p@host/a',
      'https://u:@host/a',
      'http://u:p@[::1]:80/?a=b&c=d#e=f',
      'https://u:p\t@host/a',
      'https://host/a?a=b&&c=d',
      'https://host/?%74oken=x',
    ];
    for (const input of hostile) {
      const out = redactUrl(input);
      expect(out, input).not.toMatch(/\bp\b|u:|=b|=d|=f|=x|t=1/);
      const parsed = new URL(out);
      expect(parsed.password, input).toBe('');
      expect(['', '***', '%2A%2A%2A'], input).toContain(parsed.username);
      for (const value of parsed.searchParams.values()) expect(['', '***'], input).toContain(value);
    }
  });
});

describe('redact', () => {
  it('redacts explicit secrets, as written and percent-encoded', () => {
    expect(redact('token ghp_abc and ghp_abc', ['ghp_abc'])).toBe('token *** and ***');
    expect(redact('pw p@ss/w0rd in p%40ss%2Fw0rd', ['p@ss/w0rd'])).toBe('pw *** in ***');
    expect(redact('short abc', ['abc', undefined, ''])).toBe('short abc');
  });

  it('redacts every URL inside free text, up to quotes and whitespace', () => {
    expect(redact('clone https://x-access-token:ghp_abc@github.com/a/b failed', ['ghp_abc'])).toBe(
      'clone https://***@github.com/a/b failed',
    );
    expect(redact("fatal: unable to access 'https://u:tok@en@host/a/': 403")).toBe(
      "fatal: unable to access 'https://***@host/a/': 403",
    );
    expect(redact('GET "https://h/x?access_token=abc" then <http://h?sig=z>')).toBe(
      'GET "https://h/x?access_token=***" then <http://h?sig=***>',
    );
    expect(redact('a https://u:p@one/ b ssh://git:k@two/x\nc')).toBe('a https://***@one/ b ssh://***@two/x\nc');
  });

  it('leaves text without URLs or secrets as it is', () => {
    const digest = 'a'.repeat(64);
    const plain = `Step 3/7 : FROM nginx:1.25@sha256:${digest} -- mail bob@example.com: ok; 12:30 git@github.com:a/b C:\\x`;
    expect(redact(plain)).toBe(plain);
  });
});

describe('a planted token never survives in a URL', () => {
  const token = 'S3cr3tT0k';
  const templates = [
    `https://${token}@h/a`,
    `https://x:${token}@h/a`,
    `https://x:${token}@en@h/a`,
    `https://x:a@${token}@h/a`,
    `https://x:${token}/y@h/a`,
    `https://h/a?access_token=${token}`,
    `https://h/a?b=1&password=${token}#x`,
    `https://h/a?${token}`,
    `https://h/cb#id_token=${token}`,
    `https:x:${token}@h/a`,
    `https:\\\\x:${token}@h\\a`,
    `git+ssh://x:${token}@h/a`,
    `x:${token}@h:a/b`,
  ];
  it.each(templates)('%s', (url) => {
    expect(redactUrl(url)).not.toContain(token);
    expect(redact(`before ${url} after`)).not.toContain(token);
    expect(redact(`'${url}'`)).not.toContain(token);
  });
});

describe('redaction of hostile sizes', () => {
  it.each([
    ['letters', 'a'.repeat(1_000_000)],
    ['schemes without slashes', 'http:'.repeat(200_000)],
    ['colons', 'a:'.repeat(500_000)],
    ['parentheses', `${'('.repeat(500_000)}a:b@c:d`],
    ['equals', `${'='.repeat(500_000)}a:b`],
    ['at signs', `https:${'@'.repeat(500_000)}`],
    ['a long URL', `https://u:${'p'.repeat(500_000)}@h/?${'a=b&'.repeat(100_000)}`],
  ])('redacts a megabyte of %s in linear time', (_, text) => {
    const started = performance.now();
    const out = redact(text, ['secret-value']);
    expect(out.length).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
