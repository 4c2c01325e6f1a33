import type { Subscriber } from './subscriber.entity';
import { SubscriberType } from './subscriber.type';

export function subscriberView(subscriber: Subscriber): SubscriberType {
  return Object.assign(new SubscriberType(), {
    id: subscriber.id,
    kind: subscriber.kind,
    socialInsuranceNumber: subscriber.socialInsuranceNumber,
    name: subscriber.name,
    creditCode: subscriber.creditCode ?? null,
    organizationCode: subscriber.organizationCode ?? null,
    contactName: subscriber.contactName,
    contactPhone: subscriber.contactPhone,
    region: subscriber.region,
    agency: subscriber.agency,
    userId: subscriber.userId ?? null,
  });
}
