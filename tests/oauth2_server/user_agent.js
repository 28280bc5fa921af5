// The user's browser, headless: follows redirects and submits the provider's HTML forms with
// a cookie jar, the way a person clicking through the pages would.
//
// On each page with a form it fills in what a person would type (any login and password;
// the user code it was given) and submits; with `deny` it takes the page's way out instead
// ("[ Cancel ]" on the sign-in and consent pages, "[ Abort ]" on the device confirmation).
// With `deny`, the page after the way out ends the walk. A redirect away from the issuer is the provider handing the result to the client: it is
// followed once (so the client's loopback listener receives it) and ends the walk.

const kMaxSteps = 20;

function attribute(tag, name) {
  const match = tag.match(new RegExp(`\\s${name}="([^"]*)"`));
  return match ? decodeEntities(match[1]) : undefined;
}

function decodeEntities(text) {
  return text.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x2F;/g, '/');
}

// The first <form> of the page: its action, method and named inputs.
function parseForm(html) {
  const form = html.match(/<form\b[^>]*>[\s\S]*?<\/form>/);
  if (!form) return undefined;
  const openTag = form[0].match(/<form\b[^>]*>/)[0];
  const fields = new Map();
  for (const input of form[0].matchAll(/<input\b[^>]*>/g)) {
    const name = attribute(input[0], 'name');
    if (name) fields.set(name, attribute(input[0], 'value') ?? '');
  }
  return {
    action: attribute(openTag, 'action') ?? '',
    method: (attribute(openTag, 'method') ?? 'get').toUpperCase(),
    fields,
  };
}

function cancelLink(html) {
  const link = html.match(/<a href="([^"]*\/abort)"/);
  return link ? decodeEntities(link[1]) : undefined;
}

class CookieJar {
  #cookies = new Map();

  store(response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(header) || value === '') this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  header() {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

// Fills the form the way the user would; returns the next request.
function answerForm(form, html, base, { deny, userCode }) {
  if (deny) {
    if (form.fields.has('confirm')) {
      form.fields.delete('confirm');
      form.fields.set('abort', 'yes');
      const body = new URLSearchParams([...form.fields]).toString();
      return { url: new URL(form.action, base), method: form.method, body, denied: true };
    }
    const cancel = cancelLink(html);
    if (cancel) return { url: new URL(cancel, base), method: 'GET', denied: true };
  }
  if (form.fields.has('user_code') && form.fields.get('user_code') === '') {
    form.fields.set('user_code', userCode ?? '');
  }
  if (form.fields.has('login')) form.fields.set('login', 'test-user');
  if (form.fields.has('password')) form.fields.set('password', 'any password');
  const body = new URLSearchParams([...form.fields]).toString();
  return { url: new URL(form.action, base), method: form.method, body };
}

// Walks from `start` until a page without a form (the device flow's success or error
// page) or a redirect to the client. Returns what a test needs to know about the end:
// { page: title } or { redirect: url, status: the client's HTTP status }.
export async function playUser(start, { issuer, deny = false, userCode }) {
  const jar = new CookieJar();
  const origin = new URL(issuer).origin;
  let request = { url: start, method: 'GET' };
  for (let step = 0; step < kMaxSteps; step++) {
    const headers = { cookie: jar.header() };
    if (request.body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(request.url, {
      method: request.method, body: request.body, headers, redirect: 'manual',
    });
    jar.store(response);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, request.url);
      if (next.origin !== origin) {
        const client = await fetch(next, { redirect: 'manual' }).catch((err) => ({ status: 0, err }));
        return { redirect: next.href, status: client.status };
      }
      request = { url: next, method: 'GET', denied: request.denied };
      continue;
    }
    const html = await response.text();
    const form = parseForm(html);
    // After the way out, the provider shows its error or start page again: the walk ends.
    if (!form || request.denied) {
      const title = html.match(/<title>([^<]*)<\/title>/);
      return { page: title ? title[1] : '', status: response.status };
    }
    request = answerForm(form, html, request.url, { deny, userCode });
  }
  return { error: `no end after ${kMaxSteps} pages` };
}
