/** A saved example query of the ad-hoc query page: the tab GraphiQL opens with. */
export interface SavedQuery {
  query: string;
  variables: string;
}

const day = 86_400_000;
/** N of the saved query "suspended for more than N days". */
const suspendedDays = 30;
const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10);

/**
 * The certificate-status questions administrators and auditors ask most (issue 6, item 6): by
 * subject, by expiry window, and suspensions in effect for more than N days (RA-5).
 */
export function savedQueries(now = Date.now()): SavedQuery[] {
  return [
    {
      query: `# 按主体名称查询证书状态（CT-2，部分匹配）
# Certificate status by subject name (CT-2, partial match)
query CertificatesBySubjectName($subject: String!) {
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
      query: `# 在到期时间窗口内的证书（按到期日排序）
# Certificates whose validity ends within a window (by expiry date)
query CertificatesExpiringBetween($from: DateTimeISO!, $until: DateTimeISO!, $state: CertificateState) {
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
      query: `# 挂起超过 N 天的证书（RA-5）：suspendedBefore = 今天 − N 天，suspendedAt 为本次挂起的生效时间。
# Certificates suspended for more than N days (RA-5): suspendedBefore = today − N days;
# suspendedAt is when the current suspension took effect.
query CertificatesSuspendedForMoreThanNDays($suspendedBefore: DateTimeISO!) {
  certificates(filter: { state: SUSPENDED, suspendedBefore: $suspendedBefore }, first: 200) {
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
      variables: JSON.stringify({ suspendedBefore: new Date(now - suspendedDays * day).toISOString() }, null, 2),
    },
  ];
}
