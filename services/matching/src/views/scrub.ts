import type { StudentPersonal, StudentProfile } from '@chanjiao/domain';
import { redactPersonalNumbers } from '@chanjiao/platform';
import { maskName } from './mask.js';

/**
 * A student's profile with their free text cleaned of personal data: phone and ID numbers they
 * typed into the self-introduction become asterisks (every digit: a partly masked number is still
 * something to search by), and their own name becomes the masked name.
 * The indexer indexes and embeds only this (so nobody is findable by a phone number or a name),
 * and every view shown to an enterprise is built from it.
 */
export function scrubProfile(profile: StudentProfile, personal: StudentPersonal | undefined): StudentProfile {
  let text = redactPersonalNumbers(profile.selfIntroduction);
  const name = personal?.name.trim();
  if (name && [...name].length >= 2) text = text.replaceAll(name, maskName(name));
  return text === profile.selfIntroduction ? profile : { ...profile, selfIntroduction: text };
}
