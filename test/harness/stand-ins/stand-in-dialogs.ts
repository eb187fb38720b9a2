import type { ConfirmQuestion, DialogService, FolderQuestion } from '../../../electron/services/main-services';

/**
 * STAND-IN for Electron's native dialogs: it records every question and
 * answers what the test set. It declines (and closes folder dialogs) until
 * told otherwise, as a reviewer who closes an unexpected dialog would.
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

  readonly foldersAsked: FolderQuestion[] = [];
  private folderChoice: string | null = null;

  /** What the next folder dialogs answer: an absolute path plays "chose this folder", null plays "closed it". */
  answerFolderChoices(folderPath: string | null): void {
    this.folderChoice = folderPath;
  }

  chooseFolder(question: FolderQuestion): Promise<string | null> {
    this.foldersAsked.push(question);
    return Promise.resolve(this.folderChoice);
  }
}
