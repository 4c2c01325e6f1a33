import { type IRules, rules } from '@tessera/kit';
import type { ComplaintType } from './complaint.type';

/** Service agents do the work; administrators and auditors read everything, reports included. */
const agent = rules.staffWith('SERVICE_AGENT');
const reader = rules.staffWith('SERVICE_AGENT', 'ADMINISTRATOR', 'AUDITOR');
/** The Friday summary is made for the department manager (CS-2), who also reads the survey report (CS-6). */
const reportReader = rules.staffWith('SERVICE_AGENT', 'ADMINISTRATOR', 'AUDITOR', 'DEPARTMENT_MANAGER');
const complainant = rules.ownerOf<ComplaintType>('ra.Complaint', (c) => c.complainantUserId);

/** What a citizen sees of a complaint they lodged: its progress, not the internal verification. */
const complainantFields = [
  'state',
  'complainantName',
  'complainantPhone',
  'statement',
  'deadline',
  'refusalReason',
  'resolution',
  'overdue',
  'receivedAt',
  'handledAt',
  'thankedAt',
] as const;

export const customerServicePermissions: IRules = {
  Query: {
    consultationRouting: reader,
    consultations: reader,
    consultationWeeklySummary: reportReader,
    storedConsultationWeeklySummaries: reportReader,
    phoneCalls: reader,
    phoneCall: reader,
    onSiteServiceOrders: reader,
    overdueOnSiteServiceOrders: reader,
    onSiteServiceOrder: reader,
    complaintWorkflow: reader,
    complaints: reader,
    overdueComplaints: reader,
    complaint: reader,
    myComplaints: rules.citizen,
    satisfactionSurveys: reader,
    satisfactionReport: reportReader,
  },
  Mutation: {
    recordConsultation: agent,
    answerConsultation: agent,
    recordPhoneCall: agent,
    solvePhoneCall: agent,
    escalatePhoneCall: agent,
    followUpPhoneCall: agent,
    requestOnSiteService: agent,
    scheduleOnSiteService: agent,
    completeOnSiteVisit: agent,
    lodgeComplaint: rules.or(rules.citizen, agent),
    recordComplaint: agent,
    verifyComplaint: agent,
    acceptComplaint: agent,
    refuseComplaint: agent,
    handleComplaint: agent,
    thankComplainant: agent,
    recordSatisfactionSurvey: agent,
  },
  Consultation: reader,
  ConsultationRoute: reader,
  ConsultationWeeklySummary: reportReader,
  ConsultationCategoryCount: reportReader,
  ConsultationHandlerCount: reportReader,
  PhoneCall: reader,
  PhoneFollowUp: reader,
  OnSiteServiceOrder: reader,
  Complaint: {
    id: rules.or(complainant, reader),
    ...Object.fromEntries(complainantFields.map((field) => [field, rules.or(complainant, reader)])),
    record: reader,
    responsiblePerson: reader,
    verification: reader,
  },
  ComplaintTransition: reader,
  SatisfactionSurvey: reader,
  SurveyAnswer: reader,
  SatisfactionReport: reportReader,
  SatisfactionLevelCount: reportReader,
  SatisfactionQuestionAverage: reportReader,
};
