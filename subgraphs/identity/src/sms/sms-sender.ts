/** One text message to one mainland mobile number. */
export interface OutgoingSms {
  id: string;
  phone: string;
  text: string;
}

/** Delivers text messages; throwing means "try again later". */
export interface SmsSender {
  send(message: OutgoingSms): Promise<void>;
}
