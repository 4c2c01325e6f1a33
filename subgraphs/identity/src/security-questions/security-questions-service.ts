import type { EntityManager } from '@mikro-orm/postgresql';
import { identityError } from '../errors';
import type { PasswordHasher } from '../passwords/password-hasher';
import { isSecurityQuestion, minimumSecurityAnswers, normaliseAnswer } from './question-catalogue';
import { SecurityAnswer } from './security-answer.entity';

export interface QuestionAnswer {
  questionId: string;
  answer: string;
}

/** The user's security questions (ID-16), used by password recovery (ID-14). */
export class SecurityQuestionsService {
  private decoy?: Promise<string>;

  constructor(
    private readonly em: EntityManager,
    private readonly hasher: PasswordHasher,
  ) {}

  /** Replaces the user's answers: at least three different questions of the catalogue, none empty. */
  async set(userId: string, answers: QuestionAnswer[]): Promise<void> {
    const ids = new Set(answers.map((a) => a.questionId));
    if (
      ids.size !== answers.length ||
      ids.size < minimumSecurityAnswers ||
      answers.some((a) => !isSecurityQuestion(a.questionId) || normaliseAnswer(a.answer).length === 0)
    ) {
      throw identityError('SECURITY_ANSWERS_INVALID', { minimum: minimumSecurityAnswers });
    }
    const hashed = await Promise.all(
      answers.map(async (a) => ({
        userId,
        questionId: a.questionId,
        answerHash: await this.hasher.hash(normaliseAnswer(a.answer)),
      })),
    );
    await this.em.fork().transactional(async (em) => {
      await em.nativeDelete(SecurityAnswer, { userId });
      for (const row of hashed) em.create(SecurityAnswer, row);
    });
  }

  /** The ids of the questions the user answered, in catalogue order. */
  async questionsOf(userId: string): Promise<string[]> {
    const rows = await this.em.fork().find(SecurityAnswer, { userId }, { orderBy: { questionId: 'asc' } });
    return rows.map((r) => r.questionId);
  }

  /**
   * True only when every stored question is answered and every answer matches. Without an account
   * or stored answers (a recovery shows decoy questions then), the answers are verified against a
   * decoy hash, as many as a recovery shows, and false is returned after the same work.
   */
  async verify(userId: string | undefined, answers: QuestionAnswer[]): Promise<boolean> {
    const stored = userId ? await this.em.fork().find(SecurityAnswer, { userId }) : [];
    if (stored.length === 0) {
      this.decoy ??= this.hasher.hash('decoy answer for recoveries without questions');
      const decoy = await this.decoy;
      await Promise.all(
        Array.from({ length: minimumSecurityAnswers }, (_, i) =>
          this.hasher.verify(decoy, normaliseAnswer(answers[i]?.answer ?? '')),
        ),
      );
      return false;
    }
    const given = new Map(answers.map((a) => [a.questionId, a.answer]));
    const results = await Promise.all(
      stored.map((row) => this.hasher.verify(row.answerHash, normaliseAnswer(given.get(row.questionId) ?? ''))),
    );
    return results.every(Boolean);
  }
}
