import type { CertificateApplication } from '../applications/certificate-application.entity';
import type { BoxLabel } from '../archives/archives';
import type { Consultation } from '../customer-service/consultation.entity';
import type { TaskCompletionRecord } from '../records/task-completion-record.entity';
import type { Subscriber } from '../subscribers/subscriber.entity';
import {
  businessTypeNames,
  certificateKindNames,
  consultationCategoryNames,
  consultationChannelNames,
  handlerRoleNames,
  nameOf,
  paperDate,
  paperDateTime,
} from './paper-labels';
import type { Sheet } from './paper-sheet';

const step = (record: TaskCompletionRecord, name: string) => record.steps[name] ?? '';

/** The task completion record (任务完成记录单, RA-13) of a completed application, as the clerks sign it. */
export function taskCompletionSheet(
  record: TaskCompletionRecord,
  application: CertificateApplication,
  subscriber: Subscriber,
  printedAt: Date,
): Sheet {
  return {
    title: '任务完成记录单',
    reference: [`申请编号：${application.id}`, `打印日期：${paperDate(printedAt)}`],
    sections: [
      {
        heading: '业务信息',
        rows: [
          { label: '业务类型', value: businessTypeNames[application.businessType] },
          { label: '证书类别', value: nameOf(certificateKindNames, application.certificateKind) },
          { label: subscriber.kind === 'person' ? '姓名' : '单位名称', value: subscriber.name },
          { label: '社保编号', value: subscriber.socialInsuranceNumber },
          { label: '统一社会信用代码', value: subscriber.creditCode ?? '' },
          { label: '所属地区', value: subscriber.region },
          { label: '证书编号', value: application.certificateId ?? '' },
        ],
      },
      {
        heading: '办理经过',
        columns: 2,
        rows: [
          { label: '提交', value: step(record, 'submittedBy') },
          { label: '经办机构审批', value: step(record, 'agencyApprovedBy') },
          { label: '录入', value: step(record, 'enteredBy') },
          { label: '审核', value: step(record, 'reviewedBy') },
          { label: '制证', value: step(record, 'issuedBy') },
          { label: '归档', value: step(record, 'archivedBy') },
        ],
      },
      {
        rows: [
          { label: '完成人', value: record.completedBy },
          { label: '完成时间', value: paperDateTime(record.completedAt) },
          { label: '备注', value: record.note ?? '' },
        ],
      },
    ],
    signatures: [{ label: '制证人员签名' }, { label: '档案管理员签名' }],
  };
}

/** The label on an archive box (RA-16): its name and cabinet large, what is inside, the range of numbers. */
export function archiveBoxLabelSheet(label: BoxLabel, printedAt: Date): Sheet {
  return {
    title: label.title,
    large: true,
    reference: ['档案盒标签', `打印日期：${paperDate(printedAt)}`],
    sections: [
      {
        rows: [
          { label: '档案类别', value: label.series },
          { label: '盒号', value: String(label.box).padStart(4, '0') },
          { label: '档案柜', value: `第 ${label.cabinet} 号柜` },
          { label: '份数', value: `${label.fileCount} / ${label.capacity}` },
          {
            label: '社保编号',
            value: label.firstSocialInsuranceNumber
              ? `${label.firstSocialInsuranceNumber} 至 ${label.lastSocialInsuranceNumber}`
              : '',
          },
          {
            label: '归档日期',
            value:
              label.firstArchivedAt && label.lastArchivedAt
                ? `${paperDate(label.firstArchivedAt)} 至 ${paperDate(label.lastArchivedAt)}`
                : '',
          },
        ],
      },
    ],
    signatures: [{ label: '档案管理员签名' }],
    notes: ['盒内资料按社保编号顺序排列。'],
  };
}

/** The consultation record (咨询服务记录表, CS-1) as the agent files it. */
export function consultationRecordSheet(consultation: Consultation, printedAt: Date): Sheet {
  return {
    title: '咨询服务记录表',
    reference: [`记录编号：${consultation.id}`, `打印日期：${paperDate(printedAt)}`],
    sections: [
      {
        heading: '咨询信息',
        columns: 2,
        rows: [
          { label: '受理时间', value: paperDateTime(consultation.receivedAt) },
          { label: '咨询方式', value: consultationChannelNames[consultation.channel] },
          { label: '咨询人', value: consultation.customerName },
          { label: '联系电话', value: consultation.customerPhone ?? '' },
        ],
      },
      {
        rows: [
          { label: '单位名称', value: consultation.unitName ?? '' },
          { label: '咨询类别', value: consultationCategoryNames[consultation.category] },
          { label: '处理人员', value: handlerRoleNames[consultation.handlerRole] },
          { label: '咨询内容', value: consultation.question },
        ],
      },
      {
        heading: '处理与反馈',
        rows: [
          { label: '答复内容', value: consultation.answer ?? '' },
          { label: '答复人', value: consultation.answeredBy ?? '' },
          { label: '答复时间', value: consultation.answeredAt ? paperDateTime(consultation.answeredAt) : '' },
          { label: '受理人', value: consultation.receivedBy },
        ],
      },
    ],
    signatures: [{ label: '受理人签名' }],
    notes: ['每周五由 RA 部门指定专人汇总本周咨询服务记录，报送部门经理。'],
  };
}
