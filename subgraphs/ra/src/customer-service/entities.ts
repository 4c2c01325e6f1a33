import { Complaint } from './complaint.entity';
import { Consultation } from './consultation.entity';
import { ConsultationWeeklySummary } from './consultation-weekly-summary.entity';
import { OnSiteServiceOrder } from './on-site-service-order.entity';
import { PhoneCall, PhoneFollowUp } from './phone-call.entity';
import { SatisfactionSurvey } from './satisfaction-survey.entity';

export const customerServiceEntities = [
  Consultation,
  ConsultationWeeklySummary,
  PhoneCall,
  PhoneFollowUp,
  OnSiteServiceOrder,
  Complaint,
  SatisfactionSurvey,
];
