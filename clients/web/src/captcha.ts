import { type CaptchaState, useCaptcha, useGraph } from '@tessera/ui';
import { useCallback } from 'react';
import { IssueCaptchaDocument } from './gql/graphql';

/** The captcha of a citizen's form (ID-10): sign-in, registration, recovery, password change. */
export function useIssuedCaptcha(): CaptchaState {
  const graph = useGraph();
  return useCaptcha(useCallback(() => graph.request(IssueCaptchaDocument).then((r) => r.issueCaptcha), [graph]));
}
