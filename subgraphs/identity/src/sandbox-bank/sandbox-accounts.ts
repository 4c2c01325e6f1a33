import type { IdType } from '../validation/id-document';

export interface SandboxAccount {
  bankCode: string;
  cardNumber: string;
  cardType: 'debit' | 'credit';
  name: string;
  idType: IdType;
  idNumber: string;
  phone: string;
}

/**
 * The synthetic accounts of the sandbox bank (no real person). Sandbox-bank/README.md lists
 * which input gives which answer; the ID numbers and cards are the valid ones of
 * shared/testdata/vectors.json.
 */
export const sandboxAccounts: readonly SandboxAccount[] = [
  {
    bankCode: 'ICBC',
    cardNumber: '6222020000000001230',
    cardType: 'debit',
    name: '张三',
    idType: 'RESIDENT_ID_CARD',
    idNumber: '440303198503121239',
    phone: '13800138000',
  },
  {
    bankCode: 'CCB',
    cardNumber: '6217000000000001234',
    cardType: 'debit',
    name: '李四',
    idType: 'RESIDENT_ID_CARD',
    idNumber: '44030419900101002X',
    phone: '15013442050',
  },
  {
    bankCode: 'ABC',
    cardNumber: '6228480000000001230',
    cardType: 'debit',
    name: '王五',
    idType: 'RESIDENT_ID_CARD',
    idNumber: '440305200002294513',
    phone: '19912345678',
  },
  {
    bankCode: 'CMB',
    cardNumber: '6225880000001231',
    cardType: 'debit',
    name: '赵六',
    idType: 'RESIDENT_ID_CARD',
    idNumber: '440306197811309879',
    phone: '17012345678',
  },
  {
    bankCode: 'PAB',
    cardNumber: '6230580000000001235',
    cardType: 'debit',
    name: '钱七',
    idType: 'RESIDENT_ID_CARD',
    idNumber: '440307196612080348',
    phone: '13912345678',
  },
  {
    bankCode: 'SRCB',
    cardNumber: '6221280000001238',
    cardType: 'debit',
    name: '孙八',
    idType: 'RESIDENT_ID_CARD',
    idNumber: '11010519491231002X',
    phone: '18612345678',
  },
  {
    bankCode: 'CCB',
    cardNumber: '4367450000000006',
    cardType: 'credit',
    name: '张三',
    idType: 'RESIDENT_ID_CARD',
    idNumber: '440303198503121239',
    phone: '13800138000',
  },
  {
    bankCode: 'CMBC',
    cardNumber: '6226220000000009',
    cardType: 'debit',
    name: '张三',
    idType: 'RESIDENT_ID_CARD',
    idNumber: '440303198503121239',
    phone: '13800138000',
  },
];

/** Banks whose verification platform the sandbox answers for; CMBC is "being upgraded" (ID-6). */
export const sandboxConnectedBanks: ReadonlySet<string> = new Set([
  'CCB',
  'ICBC',
  'BOC',
  'ABC',
  'CMB',
  'PAB',
  'SRCB',
  'PSBC',
  'BOCOM',
  'CITIC',
  'CEB',
]);
