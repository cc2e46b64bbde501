/** @fieldsync/emulator-dataverse: a Dataverse Web API emulator over crm-store (work in progress). */
export {};
