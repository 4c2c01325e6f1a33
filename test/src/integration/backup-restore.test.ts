import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type Platform, startPlatform } from '@tessera/gateway';
import { CaptchaChallenges, demoCitizen, demoPassword } from '@tessera/identity';
import { type Config, createLogger, freePort, loadConfig, type StaffRole } from '@tessera/kit';
import { commandExists } from '../../../subgraphs/certificate/src/testing/softhsm-token';
import { subscriberRequest } from '../../../subgraphs/certificate/src/testing/test-pki';
import { pdfFile } from '../../../subgraphs/ra/src/testing/document-files';
import { errorCodes, ok } from '../harness/graph-checks';
import { type GraphResponse, graphql, LogCapture, type TestPlatform } from '../harness/platform';
import {
  type Counter,
  enrollmentCodes,
  redeemCodes,
  registerUnit,
  stepApplication,
  submittedAtCounter,
} from '../harness/ra-counter';

const run = promisify(execFile);
const repo = path.resolve(__dirname, '../../..');
const entry = path.join(repo, 'gateway/dist/platform/backup/main.js');
const roles: StaffRole[] = [
  'AGENCY_APPROVER',
  'ENTRY_CLERK',
  'REVIEW_CLERK',
  'ISSUING_CLERK',
  'ARCHIVE_CLERK',
  'ADMINISTRATOR',
];

interface Site {
  dataDir: string;
  documentsDir: string;
  env: Record<string, string>;
  config: Config;
}

/** A data folder and a documents folder of its own, with the embedded PostgreSQL on a free port. */
async function site(root: string, name: string): Promise<Site> {
  const dataDir = path.join(root, name, 'data');
  const documentsDir = path.join(root, name, 'documents');
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    SUPERGRAPH_WATCH: 'false',
    DATA_DIR: dataDir,
    RA_DOCUMENTS_DIR: documentsDir,
    EMBEDDED_PG_PORT: String(await freePort()),
  };
  return { dataDir, documentsDir, env, config: loadConfig(env) };
}

/** The platform on its embedded PostgreSQL, as `npm start` runs it, on free service ports. */
async function startOn(where: Site): Promise<TestPlatform> {
  const logs = new LogCapture();
  const platform: Platform = await startPlatform({
    config: where.config,
    ephemeralPorts: true,
    logFor: (service) => createLogger({ service, level: 'warn', destination: logs.stream(service) }),
  });
  return { ...platform, logs, token: (request) => platform.identity.services.tokens.issue(request) };
}

/** `npm run backup|restore -- <folder>` as an operator runs it, in another process. */
async function command(name: 'backup' | 'restore', folder: string, where: Site): Promise<string> {
  const { stdout } = await run(process.execPath, [entry, name, folder], {
    cwd: repo,
    env: { ...process.env, ...where.env },
    timeout: 120_000,
  });
  return stdout;
}

function counterOn(platform: TestPlatform, tokens: Record<string, string>): Counter {
  return {
    platform,
    tokens,
    as: <T>(who: string, query: string, variables?: Record<string, unknown>) =>
      graphql<T>(platform.gateway.url, query, { token: tokens[who], variables }),
  };
}

async function signIn(platform: TestPlatform): Promise<string> {
  const call = (query: string, variables: Record<string, unknown> = {}) =>
    graphql(platform.gateway.url, query, { variables });
  const issued = ok(await call('mutation { issueCaptcha { id } }')) as { issueCaptcha: { id: string } };
  const captchaId = new CaptchaChallenges(platform.identity.services.protector).withAnswer(issued.issueCaptcha.id, 'x');
  const { signIn } = ok(
    await call('mutation($input: SignInInput!) { signIn(input: $input) { accessToken } }', {
      input: { username: demoCitizen.username, password: demoPassword, captchaId, captchaAnswer: 'x' },
    }),
  ) as { signIn: { accessToken: string } };
  return signIn.accessToken;
}

const me = (platform: TestPlatform, token: string): Promise<GraphResponse> =>
  graphql(platform.gateway.url, '{ me { username } }', { token });

const built = fs.existsSync(entry);
const withTools = built && commandExists('openssl');
if (!withTools) console.warn(`backup test skipped: needs openssl and ${entry} (npm run build)`);

(withTools ? describe : describe.skip)('backup and restore of the embedded platform (issue 13, item 6)', () => {
  let root: string;
  const running: TestPlatform[] = [];

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-backup-'));
  });

  afterAll(async () => {
    for (const platform of running) await platform.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('backs up a running platform; restored into a fresh data folder, the flow goes on (RA-14, ID-15)', async () => {
    const original = await site(root, 'original');
    const first = await startOn(original);
    running.push(first);
    const tokens: Record<string, string> = {};
    for (const role of roles) {
      tokens[role] = await first.token({ subject: `staff-${role.toLowerCase()}`, kind: 'staff', roles: [role] });
    }
    const before = counterOn(first, tokens);

    // A citizen's session that lives on, and one ended before the backup.
    const liveSession = await signIn(first);
    const endedSession = await signIn(first);
    expect(ok(await graphql(first.gateway.url, 'mutation { signOut }', { token: endedSession }))).toEqual({
      signOut: true,
    });

    // An organization certificate through the four-eyes workflow, up to its issue, with an uploaded copy.
    const subscriberId = await registerUnit(before.as);
    const id = await submittedAtCounter(before.as, subscriberId, { businessType: 'NEW' });
    ok(
      await before.as(
        'ENTRY_CLERK',
        'mutation($input: UploadDocumentInput!) { uploadDocument(input: $input) { sha256 } }',
        {
          input: {
            applicationId: id,
            documentType: 'business_license',
            contentBase64: pdfFile('licence').toString('base64'),
          },
        },
      ),
    );
    ok(
      await before.as('ENTRY_CLERK', 'mutation($input: DocumentInput!) { checkDocument(input: $input) { checked } }', {
        input: { applicationId: id, documentType: 'business_license' },
      }),
    );
    await stepApplication(before.as, 'AGENCY_APPROVER', id, 'APPROVE_BY_AGENCY');
    await stepApplication(before.as, 'ENTRY_CLERK', id, 'ENTER');
    await stepApplication(before.as, 'REVIEW_CLERK', id, 'APPROVE');
    const redeemed = ok(
      await redeemCodes(first.gateway.url, await enrollmentCodes(before.as, id), (await subscriberRequest()).csr),
    ).redeemEnrollment;
    await stepApplication(before.as, 'ISSUING_CLERK', id, 'ISSUE', { certificateId: redeemed.certificate.id });
    expect(fs.readdirSync(original.documentsDir).length).toBeGreaterThan(0);

    const folder = path.join(root, 'backup');
    expect(await command('backup', folder, original)).toMatch(
      /^Backed up .* PostgreSQL 18\.\d+, consistent as of WAL/s,
    );
    // Work after the backup is not in it: the restored application is still at `issued`.
    await stepApplication(before.as, 'ISSUING_CLERK', id, 'DELIVER');
    await first.stop();
    running.pop();
    // A stopped platform is backed up too (the command starts its PostgreSQL for the copy): this one has the delivery.
    const stoppedFolder = path.join(root, 'backup-of-stopped');
    expect(await command('backup', stoppedFolder, original)).toMatch(/^Backed up /);

    const restored = await site(root, 'restored');
    expect(await command('restore', folder, restored)).toContain(`into ${restored.dataDir}`);
    const second = await startOn(restored);
    running.push(second);
    const after = counterOn(second, tokens);

    // The certificate verifies against the restored CA's certificates, served by the restored platform.
    const files = path.join(root, 'verify');
    fs.mkdirSync(files);
    for (const name of ['root', 'issuing']) {
      const der = Buffer.from(
        await (await fetch(new URL(`/pki/ca/${name}.crt`, second.certificate.url))).arrayBuffer(),
      );
      fs.writeFileSync(path.join(files, `${name}.der`), der);
      await run('openssl', [
        'x509',
        '-inform',
        'DER',
        '-in',
        path.join(files, `${name}.der`),
        '-out',
        path.join(files, `${name}.pem`),
      ]);
    }
    fs.writeFileSync(path.join(files, 'leaf.pem'), redeemed.pem);
    const verified = await run('openssl', [
      'verify',
      '-CAfile',
      path.join(files, 'root.pem'),
      '-untrusted',
      path.join(files, 'issuing.pem'),
      path.join(files, 'leaf.pem'),
    ]);
    expect(verified.stdout).toContain('leaf.pem: OK');

    // The workflow goes on from where the backup left it, and the operation log's chain is intact.
    const { application } = ok(
      await after.as<{ application: { state: string } }>(
        'ADMINISTRATOR',
        'query($id: UUID!) { application(id: $id) { state } }',
        { id },
      ),
    );
    expect(application.state).toBe('ISSUED');
    await stepApplication(after.as, 'ISSUING_CLERK', id, 'DELIVER');
    await stepApplication(after.as, 'ARCHIVE_CLERK', id, 'ARCHIVE');
    await stepApplication(after.as, 'ARCHIVE_CLERK', id, 'COMPLETE');
    const { verifyOperationLog } = ok(
      await after.as<{ verifyOperationLog: { intact: boolean; checked: number; firstBrokenSequence: string | null } }>(
        'ADMINISTRATOR',
        '{ verifyOperationLog { intact checked firstBrokenSequence } }',
      ),
    );
    expect(verifyOperationLog).toMatchObject({ intact: true, firstBrokenSequence: null });
    expect(verifyOperationLog.checked).toBeGreaterThanOrEqual(8);

    // The uploaded copy came back with the documents folder, and still has its hash.
    const { documentFile } = ok(
      await after.as<{ documentFile: { sha256: string } }>(
        'REVIEW_CLERK',
        'query($input: DocumentInput!) { documentFile(input: $input) { sha256 } }',
        { input: { applicationId: id, documentType: 'business_license' } },
      ),
    );
    expect(documentFile.sha256).toMatch(/^[0-9a-f]{64}$/);

    // Sessions: the live one still works, the one ended before the backup stays ended.
    expect(ok(await me(second, liveSession))).toEqual({ me: { username: demoCitizen.username } });
    expect(errorCodes(await me(second, endedSession))).toEqual(['SESSION_ENDED']);

    await second.stop();
    running.pop();

    // Restored, the backup of the stopped platform has the step taken after the first backup, and refuses
    // to be restored over a data folder that has a cluster.
    const later = await site(root, 'later');
    await command('restore', stoppedFolder, later);
    await expect(command('restore', stoppedFolder, later)).rejects.toThrow(
      /exists: a backup is restored into a new data folder/,
    );
    const third = await startOn(later);
    running.push(third);
    const { application: delivered } = ok(
      await counterOn(third, tokens).as<{ application: { state: string } }>(
        'ADMINISTRATOR',
        'query($id: UUID!) { application(id: $id) { state } }',
        { id },
      ),
    );
    expect(delivered.state).toBe('DELIVERED');
  });
});
