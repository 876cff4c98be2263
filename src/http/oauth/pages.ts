/**
 * The login and consent pages of the authorization server: rendered on the server, no JavaScript,
 * every value escaped, a CSRF token bound to the interaction in every form, framing forbidden, in
 * French or English from Accept-Language.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type Lang = 'fr' | 'en';

export function languageOf(acceptLanguage: string | undefined): Lang {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())?.[1]).find(Boolean);
      return { tag: tag ?? '', q: q === undefined ? 1 : Number(q) };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('fr')) return 'fr';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}

const escape = (v: unknown) => String(v ?? '').replace(/[&<>"'`=]/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A token that only this server can make for this interaction and step. */
export function csrfToken(secret: string, uid: string, step: string): string {
  return createHmac('sha256', secret).update(`${uid}\n${step}`).digest('base64url');
}

export function csrfValid(secret: string, uid: string, step: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length > 100) return false;
  const expected = Buffer.from(csrfToken(secret, uid, step));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export const PAGE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
  // same-origin: the forms' POST carries this page's Origin (no-referrer would send "Origin: null")
  'Referrer-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
};

const WORDS = {
  fr: {
    title: 'Comptoir — connexion',
    login: 'Connectez-vous pour autoriser',
    email: 'E-mail',
    password: 'Mot de passe',
    submit: 'Se connecter',
    wrong: 'E-mail ou mot de passe incorrect.',
    slow: 'Trop de tentatives : réessayez dans quelques minutes.',
    consent: 'autorisation',
    wants: 'demande l’accès à votre caisse.',
    back: 'Vous serez ensuite renvoyé vers',
    shop: 'Boutique',
    may: 'Cette application pourra :',
    approve: 'Autoriser',
    deny: 'Refuser',
    none: 'Votre compte n’a aucune boutique où autoriser cette application.',
    as: 'Connecté en tant que',
    expired: 'Cette demande de connexion a expiré ou est déjà terminée. Recommencez depuis l’application.',
    notStaff: '(pas pour un compte « staff » de la boutique)',
    scopes: {
      read: 'voir les ventes, les commandes et les rapports',
      sell: 'enregistrer des ventes et des encaissements',
      admin: 'gérer le catalogue, le stock et les réglages de la boutique',
    },
  },
  en: {
    title: 'Comptoir — sign in',
    login: 'Sign in to approve',
    email: 'Email',
    password: 'Password',
    submit: 'Sign in',
    wrong: 'Wrong email or password.',
    slow: 'Too many attempts: try again in a few minutes.',
    consent: 'approval',
    wants: 'asks for access to your cash register.',
    back: 'You will then be sent back to',
    shop: 'Shop',
    may: 'This app will be able to:',
    approve: 'Approve',
    deny: 'Deny',
    none: 'Your account has no shop where it may approve this app.',
    as: 'Signed in as',
    expired: 'This sign-in request has expired or is already finished. Start again from the app.',
    notStaff: '(not for a staff account of the shop)',
    scopes: {
      read: 'see sales, orders and reports',
      sell: 'record sales and payments',
      admin: 'manage the catalog, the stock and the shop’s settings',
    },
  },
} as const;

function page(lang: Lang, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#222}
h1{font-size:1.3rem}label{display:block;margin:.8rem 0 .2rem}input[type=email],input[type=password],select{width:100%;padding:.5rem;font:inherit;box-sizing:border-box}
button{font:inherit;padding:.5rem 1.2rem;margin:1rem .5rem 0 0}.error{color:#a00}.client{font-weight:600}code{word-break:break-all}
ul{padding-left:0;list-style:none}li{margin:.3rem 0}</style></head>
<body>${body}</body></html>`;
}

export function loginPage(o: {
  lang: Lang;
  action: string;
  csrf: string;
  clientName: string;
  email?: string;
  error?: 'wrong' | 'slow';
}): string {
  const w = WORDS[o.lang];
  return page(
    o.lang,
    w.title,
    `<h1>${w.login} <span class="client">${escape(o.clientName)}</span></h1>
${o.error ? `<p class="error" role="alert">${w[o.error]}</p>` : ''}
<form method="post" action="${escape(o.action)}">
<input type="hidden" name="csrf" value="${escape(o.csrf)}">
<label for="email">${w.email}</label><input id="email" name="email" type="email" autocomplete="username" required maxlength="254" value="${escape(o.email ?? '')}">
<label for="password">${w.password}</label><input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256">
<button type="submit">${w.submit}</button>
</form>`,
  );
}

export function expiredPage(lang: Lang): string {
  return page(lang, WORDS[lang].title, `<h1>Comptoir</h1><p class="error">${WORDS[lang].expired}</p>`);
}

export function consentPage(o: {
  lang: Lang;
  action: string;
  csrf: string;
  clientName: string;
  redirectUri: string;
  email: string;
  shops: { id: number; name: string; scopes: readonly string[] }[];
  scopes: string[];
}): string {
  const w = WORDS[o.lang];
  const shops =
    o.shops.length === 0
      ? `<p class="error">${w.none}</p>`
      : o.shops.length === 1
        ? `<p>${w.shop} : <strong>${escape(o.shops[0]!.name)}</strong></p><input type="hidden" name="shop" value="${o.shops[0]!.id}">`
        : `<label for="shop">${w.shop}</label><select id="shop" name="shop">${o.shops
            .map((s) => `<option value="${s.id}">${escape(s.name)}</option>`)
            .join('')}</select>`;
  // a right no shop of this account allows is not offered; one some shops do not allow says so
  const scopes = o.scopes
    .filter(
      (s): s is keyof typeof w.scopes => s in w.scopes && o.shops.some((shop) => shop.scopes.includes(s)),
    )
    .map((s) => {
      const partly = !o.shops.every((shop) => shop.scopes.includes(s));
      return `<li><label><input type="checkbox" name="scope" value="${s}" checked> ${w.scopes[s]}${partly ? ` <small>${w.notStaff}</small>` : ''}</label></li>`;
    })
    .join('');
  return page(
    o.lang,
    `${w.title} — ${w.consent}`,
    `<h1><span class="client">${escape(o.clientName)}</span> ${w.wants}</h1>
<p>${w.as} ${escape(o.email)}.</p>
<p>${w.back} <code>${escape(o.redirectUri)}</code></p>
<form method="post" action="${escape(o.action)}">
<input type="hidden" name="csrf" value="${escape(o.csrf)}">
${shops}
<p>${w.may}</p><ul>${scopes}</ul>
${o.shops.length > 0 ? `<button type="submit" name="decision" value="approve">${w.approve}</button>` : ''}
<button type="submit" name="decision" value="deny">${w.deny}</button>
</form>`,
  );
}
