import * as client from 'openid-client';

/** Who the user is, the verified name, the real-name facts with the masked ID number, the masked phone. */
export const requestedScopes = 'openid profile real_name phone';

/** What one sign-in must find again when the provider sends the browser back: PKCE verifier, state, nonce. */
export interface SignInAttempt {
  codeVerifier: string;
  state: string;
  nonce: string;
}

/** A user signed in to this business system, as the provider described them. */
export interface SignedInUser {
  sub: string;
  /** The provider's session, which a back-channel logout names. */
  sid?: string;
  /** Kept for RP-initiated logout (`id_token_hint`). */
  idToken: string;
  idTokenClaims: client.IDToken;
  userinfo: client.UserInfoResponse;
}

export interface RelyingPartyOptions {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** This system's `/callback`, as registered with the provider. */
  redirectUri: URL;
}

/** This business system as an OpenID Connect relying party: code flow with PKCE S256, state and nonce. */
export class RelyingParty {
  private constructor(
    private readonly config: client.Configuration,
    private readonly redirectUri: URL,
  ) {}

  /** Reads the provider's discovery document; a provider on plain HTTP is accepted only on loopback. */
  static async discover(options: RelyingPartyOptions): Promise<RelyingParty> {
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(options.issuer.hostname);
    const config = await client.discovery(
      options.issuer,
      options.clientId,
      undefined,
      client.ClientSecretBasic(options.clientSecret),
      { execute: loopback && options.issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [] },
    );
    return new RelyingParty(config, options.redirectUri);
  }

  get issuer(): string {
    return this.config.serverMetadata().issuer;
  }

  get clientId(): string {
    return this.config.clientMetadata().client_id;
  }

  get jwksUri(): URL {
    const { jwks_uri } = this.config.serverMetadata();
    if (!jwks_uri) throw new Error(`${this.issuer} publishes no jwks_uri`);
    return new URL(jwks_uri);
  }

  /** Where to send the browser to sign in, and what to remember until it comes back. */
  async startSignIn(): Promise<{ attempt: SignInAttempt; url: URL }> {
    const attempt = {
      codeVerifier: client.randomPKCECodeVerifier(),
      state: client.randomState(),
      nonce: client.randomNonce(),
    };
    const url = client.buildAuthorizationUrl(this.config, {
      redirect_uri: this.redirectUri.href,
      scope: requestedScopes,
      code_challenge: await client.calculatePKCECodeChallenge(attempt.codeVerifier),
      code_challenge_method: 'S256',
      state: attempt.state,
      nonce: attempt.nonce,
    });
    return { attempt, url };
  }

  /**
   * Redeems the code the provider sent back to `callbackUrl` (checking state, PKCE, nonce and the ID
   * token), then asks the userinfo endpoint about the same subject.
   */
  async finishSignIn(callbackUrl: URL, attempt: SignInAttempt): Promise<SignedInUser> {
    const tokens = await client.authorizationCodeGrant(this.config, callbackUrl, {
      pkceCodeVerifier: attempt.codeVerifier,
      expectedState: attempt.state,
      expectedNonce: attempt.nonce,
      idTokenExpected: true,
    });
    const idTokenClaims = tokens.claims();
    if (!idTokenClaims || !tokens.id_token) throw new Error('the provider sent no ID token');
    const userinfo = await client.fetchUserInfo(this.config, tokens.access_token, idTokenClaims.sub);
    return {
      sub: idTokenClaims.sub,
      sid: typeof idTokenClaims.sid === 'string' ? idTokenClaims.sid : undefined,
      idToken: tokens.id_token,
      idTokenClaims,
      userinfo,
    };
  }

  /** RP-initiated logout: the provider ends its session, then sends the browser to `returnTo`. */
  signOutUrl(user: SignedInUser, returnTo: URL): URL {
    return client.buildEndSessionUrl(this.config, {
      id_token_hint: user.idToken,
      post_logout_redirect_uri: returnTo.href,
    });
  }
}
