import type { MikroORM } from '@mikro-orm/postgresql';
import { anonymous, errorCodesOf } from '@tessera/kit';
import {
  citizenViewer,
  type GraphHarness,
  serviceViewer,
  staffViewer,
  startGraphHarness,
} from '../testing/graph-harness';
import { openTestDatabase } from '../testing/test-database';

const codes = errorCodesOf;

interface Authority {
  name: string;
  hierarchy: string;
  role: string;
  generation: number;
  active: boolean;
  retiredAt: string | null;
  createdBy: string | null;
  crlUrl: string;
}

describe('CA hierarchies and the issuing-CA rollover through the graph (issue 13 item 6, permissions)', () => {
  let orm: MikroORM;
  let graph: GraphHarness;
  const fields = 'name hierarchy role generation active retiredAt createdBy crlUrl';

  beforeAll(async () => {
    orm = await openTestDatabase();
    graph = await startGraphHarness(orm);
  });
  afterAll(async () => {
    await graph.close();
    await orm.close();
  });

  const list = (viewer: Parameters<GraphHarness['execute']>[1]) =>
    graph.execute(`{ certificateAuthorities { ${fields} } }`, viewer);
  const rollover = (viewer: Parameters<GraphHarness['execute']>[1], hierarchy?: string) =>
    graph.execute(`mutation($h: String) { rolloverIssuingCa(hierarchy: $h) { ${fields} } }`, viewer, { h: hierarchy });

  it('only administrators roll over; administrators and auditors read the CAs; nobody else', async () => {
    for (const viewer of [
      staffViewer('AUDITOR'),
      staffViewer('ISSUING_CLERK'),
      citizenViewer(),
      serviceViewer('ra'),
      anonymous,
    ]) {
      expect((await rollover(viewer)).data).toBeNull();
    }
    expect(codes(await rollover(staffViewer('ISSUING_CLERK')))).toEqual(['FORBIDDEN']);
    expect(codes(await list(citizenViewer()))).toEqual(['FORBIDDEN']);
    expect(codes(await list(serviceViewer('ra')))).toEqual(['FORBIDDEN']);
    const read = await list(staffViewer('AUDITOR'));
    expect(read.errors).toBeUndefined();
    expect((read.data as { certificateAuthorities: Authority[] }).certificateAuthorities).toEqual([
      expect.objectContaining({ name: 'root', hierarchy: 'international', role: 'root', active: false }),
      expect.objectContaining({ name: 'issuing', role: 'issuing', generation: 1, active: true, createdBy: null }),
      // Issue 14: the 国密 hierarchy runs beside it by default.
      expect.objectContaining({ name: 'sm2-root', hierarchy: 'sm2', role: 'root', active: false }),
      expect.objectContaining({ name: 'sm2-issuing', hierarchy: 'sm2', role: 'issuing', generation: 1, active: true }),
    ]);
  });

  it('an administrator rolls the issuing CA over; the rollover is recorded with who made it', async () => {
    const administrator = staffViewer('ADMINISTRATOR');
    const result = await rollover(administrator, 'international');
    expect(result.errors).toBeUndefined();
    const made = (result.data as { rolloverIssuingCa: Authority }).rolloverIssuingCa;
    expect(made).toMatchObject({
      name: 'issuing-2',
      generation: 2,
      active: true,
      createdBy: administrator.kind === 'staff' ? administrator.subject : '',
    });
    expect(made.crlUrl).toMatch(/\/pki\/crl\/issuing-2\.crl$/);
    const after = ((await list(staffViewer('AUDITOR'))).data as { certificateAuthorities: Authority[] })
      .certificateAuthorities;
    expect(after.find((authority) => authority.name === 'issuing')).toMatchObject({
      active: false,
      retiredAt: expect.any(String),
    });
    expect(codes(await rollover(administrator, 'sm9'))).toEqual(['CA_HIERARCHY_UNKNOWN']);
    const sm2 = await rollover(administrator, 'sm2');
    expect((sm2.data as { rolloverIssuingCa: Authority }).rolloverIssuingCa).toMatchObject({
      name: 'sm2-issuing-2',
      hierarchy: 'sm2',
      generation: 2,
      crlUrl: expect.stringMatching(/\/pki\/crl\/sm2-issuing-2\.crl$/),
    });
  });
});
