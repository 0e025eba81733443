# Planning: jobs list, job page, creation wizard.
