import { businessTypes } from '../applications/business-type';
import type { Consultation } from '../customer-service/consultation.entity';
import { pdfPages, pdfText } from '../testing/pdf-text';
import { formOf, formTitle } from './application-forms';
import { paperDate, paperDateTime } from './paper-labels';
import { renderSheet } from './paper-sheet';
import { consultationRecordSheet } from './record-sheets';

describe('which form an application is written on (RA-10)', () => {
  it('puts new issuance and renewal on the application (renewal) form, the six changes on the change form, unlock on its own', () => {
    expect(Object.fromEntries(businessTypes.map((type) => [type, formOf(type)]))).toEqual({
      new: 'application',
      renewal: 'application',
      change: 'change',
      revocation: 'change',
      suspension: 'change',
      release: 'change',
      unlock: 'unlock',
      lost_reissue: 'change',
      damaged_replacement: 'change',
    });
  });

  it('titles the form by who holds the certificate: a person, or a unit (a server certificate is a unit’s)', () => {
    expect(formTitle({ businessType: 'new', certificateKind: 'personal' })).toBe('个人证书申请（更新）表');
    expect(formTitle({ businessType: 'renewal', certificateKind: 'organization' })).toBe('单位证书申请（更新）表');
    expect(formTitle({ businessType: 'new', certificateKind: 'server' })).toBe('单位证书申请（更新）表');
    expect(formTitle({ businessType: 'suspension', certificateKind: 'personal' })).toBe(
      '个人证书变更、挂起、解挂、吊销表',
    );
    expect(formTitle({ businessType: 'lost_reissue', certificateKind: 'organization' })).toBe(
      '单位证书变更、挂起、解挂、吊销表',
    );
    expect(formTitle({ businessType: 'unlock', certificateKind: 'organization' })).toBe('数字证书解锁申请表');
  });

  it('dates the paper in China time, whatever the server’s zone', () => {
    const lateEvening = new Date('2026-12-04T17:30:00Z');
    expect(paperDate(lateEvening)).toBe('2026年12月05日');
    expect(paperDateTime(lateEvening)).toBe('2026年12月05日 01:30');
  });
});

describe('a printed sheet (CS-1)', () => {
  const receivedAt = new Date('2026-12-04T02:00:00Z');
  const consultation = (question: string) =>
    ({
      id: '6f1c9f7e-5b1a-4c1e-9d3a-2b7c8d9e0f11',
      category: 'certificate_lifecycle',
      handlerRole: 'service_agent',
      channel: 'counter',
      customerName: '王五',
      question,
      receivedBy: 'agent-1',
      receivedAt,
      version: 1,
    }) as Consultation;

  it('carries a long question over to the next page with nothing cut off', async () => {
    // The longest question a consultation takes (4,000 characters), numbered so every part can be found.
    const question = Array.from({ length: 400 }, (_, i) => `第${String(i).padStart(3, '0')}问更新。`)
      .join('')
      .slice(0, 4000);
    const pdf = await renderSheet(consultationRecordSheet(consultation(question), receivedAt));
    const pages = await pdfPages(pdf);
    expect(pages.length).toBeGreaterThan(1);
    // Every run lies inside the page's margins: no text was drawn past the bottom edge.
    for (const runs of pages) {
      for (const run of runs) expect(run.y).toBeGreaterThan(30);
    }
    const text = (await pdfText(pdf)).replace(/\s+/g, '');
    expect(text.replace(/咨询内容（续）/g, '')).toContain(question);
    expect(text).toContain('咨询内容（续）');
    expect(text).toContain('受理人签名');
  });

  it('embeds only the glyphs it uses: a one-page sheet stays small though the font is 8 MB', async () => {
    const pdf = await renderSheet(consultationRecordSheet(consultation('证书怎么更新？'), receivedAt));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeLessThan(150_000);
    expect(await pdfText(pdf)).toContain('证书怎么更新？');
  });
});
