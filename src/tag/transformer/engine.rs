//! The inference thread. libtorch tensors and rust-bert models are not Sync, so one
//! thread owns the model and the pipeline's workers send it their sequences. It takes
//! whatever requests are waiting (several articles when several workers tag at once),
//! sorts their sequences by length and runs them in batches, so little is padded.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::thread::JoinHandle;

use crossbeam_channel::{bounded, unbounded, Receiver, Sender};
use rust_bert::bert::{BertConfig, BertForTokenClassification};
use tch::{nn, Device, Kind, Tensor};

/// One model input: word-piece ids with [CLS]/[SEP], token type ids, and the positions
/// whose labels are wanted (the first piece of each owned word).
#[derive(Debug, Clone)]
pub struct Seq {
    pub ids: Vec<i64>,
    pub types: Vec<i64>,
    pub wanted: Vec<usize>,
}

/// For each wanted position: the argmax class and its probability.
pub type SeqOut = Vec<(usize, f32)>;

struct Job {
    seqs: Vec<Seq>,
    reply: Sender<Result<Vec<SeqOut>, String>>,
}

pub struct EngineOptions {
    pub weights: PathBuf,
    pub config: BertConfig,
    pub device: Device,
    pub threads: usize,
    pub batch_size: usize,
}

/// A handle to the inference thread; dropping it stops the thread.
pub struct Engine {
    tx: Option<Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl Engine {
    /// Starts the thread and loads the model there; returns once it is loaded.
    pub fn start(options: EngineOptions) -> Result<Engine, String> {
        let (tx, rx) = unbounded::<Job>();
        let (ready_tx, ready_rx) = bounded::<Result<(), String>>(1);
        let thread = std::thread::Builder::new()
            .name("dyad-transformer".into())
            .spawn(move || {
                // set_num_threads sets the calling thread's OpenMP pool: it must run here.
                if options.threads > 0 {
                    tch::set_num_threads(options.threads as i32);
                }
                let loaded = catch_unwind(AssertUnwindSafe(|| load(&options))).unwrap_or_else(|p| Err(panic_message(p)));
                match loaded {
                    Ok((_vs, model)) => {
                        let _ = ready_tx.send(Ok(()));
                        serve(&model, options.device, options.batch_size.max(1), &rx);
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                    }
                }
            })
            .map_err(|e| format!("cannot start the inference thread: {e}"))?;
        match ready_rx.recv() {
            Ok(Ok(())) => Ok(Engine { tx: Some(tx), thread: Some(thread) }),
            Ok(Err(e)) => {
                let _ = thread.join();
                Err(e)
            }
            Err(_) => Err("the inference thread stopped while loading the model".into()),
        }
    }

    /// Runs the sequences (one article's) and returns their outputs in order.
    pub fn run(&self, seqs: Vec<Seq>) -> Result<Vec<SeqOut>, String> {
        if seqs.is_empty() {
            return Ok(Vec::new());
        }
        let (reply, answer) = bounded(1);
        let tx = self.tx.as_ref().ok_or("the inference thread is stopped")?;
        tx.send(Job { seqs, reply }).map_err(|_| "the inference thread is stopped".to_string())?;
        answer.recv().map_err(|_| "the inference thread stopped".to_string())?
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        drop(self.tx.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn load(options: &EngineOptions) -> Result<(nn::VarStore, BertForTokenClassification), String> {
    let mut vs = nn::VarStore::new(options.device);
    let model = BertForTokenClassification::new(vs.root(), &options.config).map_err(|e| format!("model config: {e}"))?;
    vs.load(&options.weights).map_err(|e| format!("{}: {e}", options.weights.display()))?;
    // Loading takes the file's precision (fp16 ships smaller); the CPU computes in fp32.
    if options.device == Device::Cpu {
        vs.float();
    }
    Ok((vs, model))
}

fn serve(model: &BertForTokenClassification, device: Device, batch_size: usize, rx: &Receiver<Job>) {
    while let Ok(first) = rx.recv() {
        let mut jobs = vec![first];
        // Whatever else is already waiting joins this round (other workers' articles).
        while let Ok(job) = rx.try_recv() {
            jobs.push(job);
        }
        let mut order: Vec<(usize, usize)> = jobs.iter().enumerate().flat_map(|(j, job)| (0..job.seqs.len()).map(move |s| (j, s))).collect();
        order.sort_by_key(|&(j, s)| std::cmp::Reverse(jobs[j].seqs[s].ids.len()));
        let mut outs: Vec<Vec<Option<SeqOut>>> = jobs.iter().map(|j| vec![None; j.seqs.len()]).collect();
        let mut failed: Option<String> = None;
        for chunk in order.chunks(batch_size) {
            let seqs: Vec<&Seq> = chunk.iter().map(|&(j, s)| &jobs[j].seqs[s]).collect();
            match catch_unwind(AssertUnwindSafe(|| forward(model, device, &seqs))) {
                Ok(Ok(results)) => {
                    for (&(j, s), r) in chunk.iter().zip(results) {
                        outs[j][s] = Some(r);
                    }
                }
                Ok(Err(e)) => failed = Some(e),
                Err(p) => failed = Some(panic_message(p)),
            }
            if failed.is_some() {
                break;
            }
        }
        for (job, out) in jobs.into_iter().zip(outs) {
            let answer = match &failed {
                Some(e) => Err(format!("transformer inference: {e}")),
                None => Ok(out.into_iter().map(Option::unwrap_or_default).collect()),
            };
            let _ = job.reply.send(answer);
        }
    }
}

/// One padded batch through the model.
fn forward(model: &BertForTokenClassification, device: Device, seqs: &[&Seq]) -> Result<Vec<SeqOut>, String> {
    let (b, len) = (seqs.len(), seqs.iter().map(|s| s.ids.len()).max().unwrap_or(0));
    let mut ids = vec![0i64; b * len];
    let mut types = vec![0i64; b * len];
    let mut mask = vec![0i64; b * len];
    for (r, s) in seqs.iter().enumerate() {
        ids[r * len..r * len + s.ids.len()].copy_from_slice(&s.ids);
        types[r * len..r * len + s.types.len()].copy_from_slice(&s.types);
        mask[r * len..r * len + s.ids.len()].fill(1);
    }
    let shape = [b as i64, len as i64];
    let tensor = |v: &[i64]| Tensor::from_slice(v).view(shape).to_device(device);
    let (ids, types, mask) = (tensor(&ids), tensor(&types), tensor(&mask));
    let logits = tch::no_grad(|| model.forward_t(Some(&ids), Some(&mask), Some(&types), None, None, false).logits);
    let (prob, class) = logits.to_kind(Kind::Float).softmax(-1, Kind::Float).max_dim(-1, false);
    let prob: Vec<f32> = Vec::try_from(prob.to_device(Device::Cpu).flatten(0, -1)).map_err(|e: tch::TchError| e.to_string())?;
    let class: Vec<i64> = Vec::try_from(class.to_device(Device::Cpu).flatten(0, -1)).map_err(|e: tch::TchError| e.to_string())?;
    Ok(seqs.iter().enumerate().map(|(r, s)| s.wanted.iter().map(|&p| (class[r * len + p] as usize, prob[r * len + p])).collect()).collect())
}

fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| p.downcast_ref::<String>().cloned()).unwrap_or_else(|| "panic".into())
}
