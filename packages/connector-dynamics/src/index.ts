/** @fieldsync/connector-dynamics: a CrmConnector over the Dataverse Web API (work in progress). */
export {};
