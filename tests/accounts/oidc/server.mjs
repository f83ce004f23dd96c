// A real OpenID Connect provider for the portal's SSO tests and demo: the certified `oidc-provider`
// with its own development login form (any password; the user name picks the account).
//
//   node server.mjs            (PORT=0 lets the OS choose; prints `READY <issuer>`)
//
// Clients come from OIDC_CLIENTS (JSON list: client_id, client_secret, redirect_uris). Users come from
// OIDC_USERS (JSON: {"anna": {"email": ..., "given_name": ..., "family_name": ..., "title": ...,
// "groups": [...]}}) and can be replaced while it runs: POST /_control {"users": {...}} (tests only).
// Consent is skipped (first-party clients of a municipality), so the IdP shows only its login form.
import http from 'node:http';
import Provider from 'oidc-provider';

let users = JSON.parse(process.env.OIDC_USERS || '{}');
const clients = JSON.parse(process.env.OIDC_CLIENTS || '[]').map((client) => ({
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_post',
  ...client,
}));

const server = http.createServer();
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients,
    cookies: { keys: ['yrkesresan-test-oidc-provider'] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['given_name', 'family_name', 'name', 'title', 'groups'],
    },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => false },
    async findAccount(ctx, id) {
      const user = users[id];
      if (!user) return undefined;
      return {
        accountId: id,
        async claims() {
          return {
            sub: user.sub || id,
            email_verified: true,
            name: `${user.given_name || ''} ${user.family_name || ''}`.trim(),
            ...user,
          };
        },
      };
    },
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile');
      grant.addOIDCClaims(['email', 'email_verified', 'given_name', 'family_name', 'name', 'title', 'groups']);
      await grant.save();
      return grant;
    },
  });
  provider.use(async (ctx, next) => {
    if (ctx.path === '/_control' && ctx.method === 'POST') {
      const chunks = [];
      for await (const chunk of ctx.req) chunks.push(chunk);
      const data = JSON.parse(Buffer.concat(chunks).toString() || '{}');
      if (data.users) users = data.users;
      ctx.body = { ok: true };
      return;
    }
    await next();
  });
  provider.on('server_error', (ctx, error) => console.error('server_error', error));
  server.on('request', provider.callback());
  console.log(`READY ${issuer}`);
});
