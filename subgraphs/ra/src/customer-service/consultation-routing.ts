/** The three kinds of consultation (CS-1). */
export const consultationCategories = [
  'certificate_lifecycle',
  'security_products_sales',
  'security_technology_law',
] as const;
export type ConsultationCategory = (typeof consultationCategories)[number];

/** Who answers a consultation: the receiving agent, the marketing staff or the technicians. */
export const handlerRoles = ['service_agent', 'marketing', 'technician'] as const;
export type HandlerRole = (typeof handlerRoles)[number];

/**
 * Where each category goes (seed 002, service process steps 2–4): the agent answers lifecycle
 * questions from the RA service rules; product and sales questions go to marketing; security
 * technology and law go to the technicians.
 */
export const consultationRouting: Readonly<Record<ConsultationCategory, HandlerRole>> = {
  certificate_lifecycle: 'service_agent',
  security_products_sales: 'marketing',
  security_technology_law: 'technician',
};
