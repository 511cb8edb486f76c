import { AppError, Errors } from '@chanjiao/platform';
import { SearchInputError } from '@chanjiao/search';

/** Engine input errors → catalogue codes. */
export async function engineCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof SearchInputError) {
      if (err.reason === 'bad_cursor') throw new AppError(Errors.MATCH_BAD_CURSOR, { fields: [{ path: 'cursor', message: err.message }] });
      if (err.reason === 'post_not_found') throw new AppError(Errors.MATCH_POST_NOT_FOUND);
      throw new AppError(Errors.MATCH_STUDENT_NOT_FOUND);
    }
    throw err;
  }
}
