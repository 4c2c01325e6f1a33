import type { TFunction } from 'i18next';

/** A saved example query of the ad-hoc query page: the tab GraphiQL opens with. */
export interface SavedQuery {
  query: string;
  variables: string;
}

const day = 86_400_000;
const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10);

/** A query's leading comment: its title and hint in the UI language, one `#` line each. */
const comment = (...lines: string[]) => lines.map((line) => `# ${line}\n`).join('');

/**
 * The certificate-status questions administrators and auditors ask most (issue 6, item 6): by
 * subject, by expiry window, and suspensions in effect for more than N days. Their defaults find
 * the demo data's certificates (issue 17 item 10: `O=Tessera 演示`, valid for a year or two, one
 * suspended): the suspension query's default cut-off is now (N = 0, every suspension in effect),
 * which the comment says how to move back.
 */
export function savedQueries(t: TFunction, now = Date.now()): SavedQuery[] {
  return [
    {
      query: `${comment(t('adHoc.bySubject'), t('adHoc.bySubjectHint'))}query CertificatesBySubjectName($subject: String!) {
  certificateStatus(subject: $subject, match: PARTIAL, first: 50) {
    total
    certificates {
      serialNumber
      subject
      kind
      usage
      notBefore
      notAfter
      state
    }
  }
}
`,
      variables: JSON.stringify({ subject: 'Tessera' }, null, 2),
    },
    {
      query: `${comment(t('adHoc.byExpiry'), t('adHoc.byExpiryHint'))}query CertificatesExpiringBetween($from: DateTimeISO!, $until: DateTimeISO!, $state: CertificateState) {
  certificates(filter: { expiresFrom: $from, expiresUntil: $until, state: $state }, first: 100) {
    total
    certificates {
      serialNumber
      subject
      kind
      notAfter
      state
      application {
        id
        subscriber {
          name
          socialInsuranceNumber
        }
      }
    }
  }
}
`,
      variables: JSON.stringify(
        { from: `${isoDay(now)}T00:00:00Z`, until: `${isoDay(now + 3 * 365 * day)}T00:00:00Z`, state: null },
        null,
        2,
      ),
    },
    {
      query: `${comment(t('adHoc.suspended'), t('adHoc.suspendedHint'), t('adHoc.suspendedAtHint'))}query CertificatesSuspendedForMoreThanNDays($suspendedBefore: DateTimeISO!) {
  certificates(filter: { state: SUSPENDED, suspendedBefore: $suspendedBefore }, first: 100) {
    total
    certificates {
      serialNumber
      subject
      state
      suspendedAt
      notAfter
      application {
        id
        subscriber {
          name
          socialInsuranceNumber
        }
      }
    }
  }
}
`,
      variables: JSON.stringify({ suspendedBefore: new Date(now).toISOString() }, null, 2),
    },
  ];
}
