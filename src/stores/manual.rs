//! `manual` stores: a vendor with no API. The portal holds no records for them; each request
//! becomes a task emailed to `contact`, and the DPO records the answer (the erasure engine
//! sends the tasks). Here they are inert so a map that names them opens and checks.

use super::{Identifiers, Located, Outcome, RecordSink, Store, StoreError};
use crate::datamap::{Problem, StoreDef, StoreType};

pub struct ManualStore {
    name: String,
}

impl ManualStore {
    pub fn open(def: &StoreDef) -> Self {
        Self {
            name: def.name.clone(),
        }
    }
}

impl Store for ManualStore {
    fn name(&self) -> &str {
        &self.name
    }

    fn kind(&self) -> StoreType {
        StoreType::Manual
    }

    fn check(&self) -> Result<Vec<Problem>, StoreError> {
        Ok(Vec::new())
    }

    fn locate(&self, _ids: &Identifiers) -> Result<Vec<Located>, StoreError> {
        Ok(Vec::new())
    }

    fn export(&self, _ids: &Identifiers, _sink: &mut dyn RecordSink) -> Result<(), StoreError> {
        Ok(())
    }

    fn erase(&self, _ids: &Identifiers) -> Result<Vec<Outcome>, StoreError> {
        Ok(vec![Outcome {
            object: "task".into(),
            action: "manual",
            rows: 0,
            retained: Vec::new(),
        }])
    }
}
