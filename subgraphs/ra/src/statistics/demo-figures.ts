import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { BusinessType } from '../applications/business-type';
import { CertificateApplication } from '../applications/certificate-application.entity';
import { Consultation } from '../customer-service/consultation.entity';
import { type ConsultationCategory, consultationRouting } from '../customer-service/consultation-routing';
import {
  type SurveyAnswers,
  satisfactionQuestions,
  satisfactionScore,
} from '../customer-service/satisfaction-questionnaire';
import { SatisfactionSurvey } from '../customer-service/satisfaction-survey.entity';
import { defaultProject, OperationLog } from '../records/operation-log';
import { Subscriber } from '../subscribers/subscriber.entity';

const hour = 60 * 60 * 1000;
const day = 24 * hour;

/** The demo units, one per region; the first one's number marks the figures as seeded. */
const demoUnits = [
  { socialInsuranceNumber: '14019000001', name: '演示 太原钢铁集团', region: '太原市' },
  { socialInsuranceNumber: '14019000002', name: '演示 大同煤矿集团', region: '大同市' },
  { socialInsuranceNumber: '14019000003', name: '演示 晋中市第一医院', region: '晋中市' },
];

/** Applications per month and region (a varying mix), newest month last. */
const demoMix: [BusinessType, number][] = [
  ['new', 4],
  ['renewal', 3],
  ['change', 1],
  ['suspension', 1],
  ['unlock', 1],
];

/** The steps of a completed new issuance and, in hours, how long each took after the one before. */
const demoSteps: [string, number][] = [
  ['enter', 2],
  ['approve', 5],
  ['issue', 20],
  ['deliver', 3],
  ['archive', 50],
  ['complete', 1],
];

const categories: ConsultationCategory[] = [
  'certificate_lifecycle',
  'security_products_sales',
  'security_technology_law',
];

/**
 * The dashboards' demo figures (issue 17 item 9) of `npm start`: six months of applications from
 * three regions, the workflow steps of the completed ones in the operation log (appended through the
 * chain, so it still verifies), twelve weeks of consultations and six months of satisfaction surveys,
 * all before `now`. Seeded once: a second start finds the first demo unit and adds nothing.
 */
export async function seedDemoRaFigures(em: EntityManager, now = new Date()): Promise<boolean> {
  const fork = em.fork();
  if (await fork.count(Subscriber, { socialInsuranceNumber: demoUnits[0]?.socialInsuranceNumber })) return false;
  const units = demoUnits.map((unit) =>
    fork.create(Subscriber, {
      kind: 'unit',
      ...unit,
      contactName: '演示联系人',
      contactPhone: '13800138000',
      agency: `${unit.region}社会保险管理中心`,
      createdAt: new Date(now.getTime() - 200 * day),
    }),
  );
  const completed: { application: CertificateApplication; unit: Subscriber }[] = [];
  for (let month = 5; month >= 0; month -= 1) {
    for (const [u, unit] of units.entries()) {
      for (const [businessType, base] of demoMix) {
        const count = Math.max(0, base + ((month + u * 2) % 3) - 1);
        for (let n = 0; n < count; n += 1) {
          // Spread over the month, never after now: the current month's fall in the days before.
          const createdAt = new Date(now.getTime() - (month * 30 + 1 + ((n * 7 + u * 3) % 27)) * day);
          const done = businessType === 'new' && month > 0;
          const application = fork.create(CertificateApplication, {
            businessType,
            certificateKind: 'organization',
            subscriber: unit,
            state: done ? 'completed' : 'submitted',
            createdAt,
            updatedAt: createdAt,
          });
          if (done) completed.push({ application, unit });
        }
      }
    }
  }
  for (let week = 0; week < 12; week += 1) {
    for (let n = 0; n < 4 + (week % 4); n += 1) {
      const category = categories[(week + n) % categories.length] as ConsultationCategory;
      const receivedAt = new Date(now.getTime() - (week * 7 + n + 1) * day);
      fork.create(Consultation, {
        category,
        handlerRole: consultationRouting[category],
        channel: n % 2 ? 'phone' : 'counter',
        customerName: demoUnits[n % demoUnits.length]?.name ?? '演示',
        question: '演示咨询：证书如何更新？',
        answer: n % 3 ? '演示答复' : undefined,
        answeredBy: n % 3 ? '演示客服' : undefined,
        answeredAt: n % 3 ? new Date(receivedAt.getTime() + hour) : undefined,
        receivedBy: randomUUID(),
        receivedAt,
      });
    }
  }
  for (let month = 0; month < 6; month += 1) {
    for (let n = 0; n < 3 + (month % 3); n += 1) {
      const answers = Object.fromEntries(
        satisfactionQuestions.map((q, i) => [q.id, 3 + ((month + n + i) % 3)]),
      ) as SurveyAnswers;
      fork.create(SatisfactionSurvey, {
        scope: '柜台服务',
        respondentName: '演示受访人',
        unitName: demoUnits[n % demoUnits.length]?.name,
        surveyorId: randomUUID(),
        answers,
        score: satisfactionScore(answers),
        surveyedAt: new Date(now.getTime() - (month * 30 + 2 + n) * day),
      });
    }
  }
  await fork.flush();
  const log = new OperationLog();
  for (const [i, { application, unit }] of completed.entries()) {
    let at = application.createdAt.getTime();
    const entry = (operation: string) =>
      log.append(fork, {
        at: new Date(at),
        operation,
        applicationId: application.id,
        region: unit.region,
        project: defaultProject,
        businessType: application.businessType,
        unitName: unit.name,
        socialInsuranceNumber: unit.socialInsuranceNumber,
        maker: 'demo',
      });
    await entry('submit');
    for (const [step, hours] of demoSteps) {
      at += (hours + (i % 4)) * hour;
      await entry(step);
    }
  }
  return true;
}
