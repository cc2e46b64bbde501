import type { Schema } from '@fieldsync/model';
import { accountEntity } from './account-entity';
import { annotationEntity } from './annotation-entity';
import { appointmentEntity } from './appointment-entity';
import { contactEntity } from './contact-entity';
import { emailEntity } from './email-entity';
import { opportunityEntity } from './opportunity-entity';
import { quoteEntity } from './quote-entity';
import { quotedetailEntity } from './quotedetail-entity';
import { taskEntity } from './task-entity';

/**
 * The demo CRM's schema: accounts, contacts, opportunities, quotes with their details, tasks,
 * appointments, e-mails and notes, named as in Dynamics 365. Users, teams and business units are the
 * CRM store's own system entities.
 */
export const demoSchema: Schema = {
  entities: [accountEntity, contactEntity, opportunityEntity, quoteEntity, quotedetailEntity, taskEntity, appointmentEntity, emailEntity, annotationEntity],
};
