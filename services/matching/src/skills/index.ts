export { skillsRoutes } from './routes.js';
export { marketOf, StoreMarket, type SkillMarket } from './market.js';
export { nextSkills, consideredPosts, type NextSkillsOptions } from './next-skills.js';
export { schoolSkillGaps, schoolDemandPosts } from './school-gaps.js';
export { shortageCatalogue, catalogueMethod, catalogueDemandPosts, catalogueSupplyStudents, type CatalogueCounts } from './catalogue.js';
export { engineCounts, gainedPosts, type EngineCounts } from './recount.js';
export { withItem } from './items.js';
