import { defineErrors } from '../define.js';

/** Skill-level supply and demand (services/matching/src/skills): next skills, school gaps, the shortage catalogue. */
export const SkillsErrors = defineErrors({
  SKILLS_SCHOOL_NOT_FOUND: { statusCode: 404, message: 'No such school. / 院校不存在。' },
  SKILLS_STUDENT_NOT_SEEKING: {
    statusCode: 409,
    message: 'The student is not seeking, so no post is open to them; set the status to seeking first. / 该学生不在求职/求学状态，没有可匹配的岗位。',
  },
  SKILLS_CITY_NOT_FOUND: {
    statusCode: 404,
    message: 'No school, enterprise or post is in this city, so it has no shortage catalogue (see fields). / 没有位于该城市的院校、企业或岗位，无法生成紧缺目录。',
  },
  SKILLS_TERM_NOT_FOUND: {
    statusCode: 404,
    message: 'No published post and no term record is in this term (fields name the known terms). / 没有属于该学期的已发布岗位或学期记录（已知学期见 fields）。',
  },
  SKILLS_CATALOGUE_VERSION_NOT_FOUND: {
    statusCode: 404,
    message: 'No stored shortage catalogue with this version for this city and year (see details). / 该城市该年度没有此版本的紧缺目录（见 details）。',
  },
});
