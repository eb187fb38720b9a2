import type { ConfirmQuestion, DialogService } from '../../../electron/services/main-services';

/**
 * STAND-IN for Electron's native dialogs: it records every question and
 * answers what the test set. It declines until told otherwise, as a reviewer
 * who closes an unexpected dialog would.
 */
export class StandInDialogs implements DialogService {
  readonly asked: ConfirmQuestion[] = [];
  private answer = false;

  /** What the next confirmations answer: true plays "yes". */
  answerConfirmations(answer: boolean): void {
    this.answer = answer;
  }

  confirm(question: ConfirmQuestion): Promise<boolean> {
    this.asked.push(question);
    return Promise.resolve(this.answer);
  }
}
